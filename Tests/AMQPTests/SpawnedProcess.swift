import Foundation

/// A child process started with `posix_spawn` and reaped with `waitpid`, for the broker-restart test.
/// (Foundation's `Process` waits on a run loop, which a plain test thread never runs.)
final class SpawnedProcess: @unchecked Sendable {
    private let pid: pid_t
    private var exited = false

    init(path: String, arguments: [String]) throws {
        var arguments = ([path] + arguments).map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        var child: pid_t = 0
        let result = posix_spawn(&child, path, &actions, nil, &arguments, environ)
        guard result == 0 else {
            throw AMQPTestError(description: "could not start \(path): error \(result)")
        }
        pid = child
    }

    /// Reaps the child when it has exited.
    func hasExited() -> Bool {
        guard !exited else { return true }
        var status: Int32 = 0
        exited = waitpid(pid, &status, WNOHANG) == pid
        return exited
    }

    /// Sends SIGTERM and reaps the child.
    func terminate() {
        guard !hasExited() else { return }
        kill(pid, SIGTERM)
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
        exited = true
    }
}
