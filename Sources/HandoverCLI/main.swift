import Foundation
import Shared

// handover: the admin CLI for operators and org admins. `handover --help` lists every command.

let commands: [Command] =
    DatabaseCommands.all + OrgCommands.all + AssistantCommands.all + DefinitionCommands.all
    + JobAdderCommands.all + LeadCommands.all + SuppressionCommands.all + ParkingCommands.all

@MainActor
func printOverview() {
    print("handover — run and inspect Handover\n\ncommands:")
    let width = commands.map(\.name.count).max() ?? 0
    for command in commands {
        print("  \(command.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(command.summary)")
    }
    print("\nEvery command takes --help and --json. Configuration comes from HANDOVER_* environment variables;")
    print("see docs/operations.md.")
}

let exitCode: Int32 = {
    let arguments: Arguments
    do {
        arguments = try Arguments(Array(CommandLine.arguments.dropFirst()))
    } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        return 2
    }
    let match = commands.filter { arguments.words.starts(with: $0.words) }.max { $0.words.count < $1.words.count }
    guard let command = match else {
        if arguments.words.isEmpty || arguments.flags.contains("help") {
            printOverview()
            return arguments.words.isEmpty && !arguments.flags.contains("help") ? 2 : 0
        }
        let group = commands.filter { $0.words.first == arguments.words.first }
        if group.isEmpty {
            let words = arguments.words.joined(separator: " ")
            reportError("unknown command '\(words)'; see: handover --help", json: arguments.wantsJSON)
        } else {
            let choices = group.map { "handover \($0.name)" }.joined(separator: ", ")
            reportError("unknown or incomplete command; did you mean one of: \(choices)", json: arguments.wantsJSON)
        }
        return 2
    }
    if arguments.flags.contains("help") {
        print(command.help)
        return 0
    }
    do {
        try command.validate(arguments)
    } catch {
        reportError("\(error)", json: arguments.wantsJSON)
        return 2
    }
    let context = CLIContext(arguments: arguments, environment: Environment())
    defer { context.close() }
    do {
        try command.run(context)
        return 0
    } catch let error as CLIError {
        reportError(error.description, json: arguments.wantsJSON)
        return 1
    } catch {
        reportError("\(error)", json: arguments.wantsJSON)
        return 1
    }
}()
exit(exitCode)

func reportError(_ text: String, json: Bool) {
    if json {
        print("{\"error\":\(JSONText.quote(text))}")
    } else {
        FileHandle.standardError.write(Data("error: \(text)\n".utf8))
    }
}
