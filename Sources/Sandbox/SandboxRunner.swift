import Dispatch
import Foundation
import Shared

/// Runs the `jobadder-sandbox` executable: parse, start, wait for SIGTERM/SIGINT, stop.
public enum SandboxRunner {
    /// Returns the process exit code: 0 after a clean stop, 2 for bad arguments, 1 when it cannot bind.
    public static func run(arguments: [String]) -> Int32 {
        let logger = Logger(label: "jobadder-sandbox")
        let configuration: SandboxConfiguration
        do {
            configuration = try SandboxCommandLine.parse(Array(arguments.dropFirst()))
        } catch {
            FileHandle.standardError.write(Data("jobadder-sandbox: \(error)\n\(SandboxCommandLine.usage)\n".utf8))
            return 2
        }
        let server: SandboxServer
        do {
            server = try SandboxServer(configuration: configuration, logger: logger)
        } catch {
            FileHandle.standardError.write(Data("jobadder-sandbox: \(error)\n".utf8))
            return 1
        }
        logger.notice("sandbox listening", ["url": server.baseURL, "seed": configuration.seed.rawValue])

        let stopped = DispatchSemaphore(value: 0)
        let signalQueue = DispatchQueue(label: "sandbox.signals")
        var sources: [DispatchSourceSignal] = []
        for signalNumber in [SIGTERM, SIGINT] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: signalQueue)
            source.setEventHandler { stopped.signal() }
            source.resume()
            sources.append(source)
        }
        stopped.wait()
        logger.notice("sandbox stopping")
        server.stop()
        sources.forEach { $0.cancel() }
        return 0
    }
}
