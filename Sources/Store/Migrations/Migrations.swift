/// Every migration this build knows, oldest first. Add new ones at the end, one file each.
public enum Migrations {
    public static let all: [Migration] = [
        Migration0001Initial.migration,
        Migration0002Workflow.migration,
        Migration0003WebhookEventTimes.migration,
        Migration0004RecentSendsIndex.migration,
    ]
}
