import Foundation
import Sandbox

exit(SandboxRunner.run(arguments: CommandLine.arguments))
