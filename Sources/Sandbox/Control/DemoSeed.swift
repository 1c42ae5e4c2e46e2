/// The `--seed demo` data: account 1001 (`demo-client`/`demo-secret`) with the 7Targets statuses,
/// four note types, one admin user and 100 contacts that all have emails (every 25th unsubscribed).
enum DemoSeed {
    static let accountId = 1001
    static let firstNames = ["Olivia", "Noah", "Amelia", "Jack", "Isla", "William", "Mia", "Oliver", "Ava", "Leo"]
    static let lastNames = [
        "Smith", "Jones", "Williams", "Brown", "Wilson", "Taylor", "Nguyen", "Martin", "Lee", "Walker",
    ]

    static func load(into service: SandboxService) {
        var spec = AccountSpec(clientId: "demo-client", clientSecret: "demo-secret")
        spec.accountId = accountId
        spec.name = "Demo Recruitment"
        spec.rateLimit = service.configuration.rateLimit
        guard case .success(let account) = service.createAccount(spec) else { return }
        let contacts: [JSONValue] = (0..<100).map { index in
            let first = firstNames[index % 10]
            let last = lastNames[index / 10]
            return [
                "firstName": .string(first), "lastName": .string(last),
                "email": .string("\(first.lowercased()).\(last.lowercased())\(index + 1)@example.com"),
                "unsubscribed": .bool((index + 1) % 25 == 0), "position": "Hiring Manager",
            ]
        }
        _ = service.addContacts(["contacts": .array(contacts)], account: account)
    }
}
