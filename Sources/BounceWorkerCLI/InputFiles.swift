import Foundation

/// Reads the inputs named on the command line: files, directories (every regular file inside, sorted by name)
/// or `-` for standard input.
enum InputFiles {
    /// An input to read: its display name and where its bytes come from.
    struct Input {
        let name: String
        let path: String?
    }

    /// Expands `arguments` (no arguments means standard input).
    static func expand(_ arguments: [String]) -> [Input] {
        if arguments.isEmpty { return [Input(name: "-", path: nil)] }
        var inputs: [Input] = []
        let manager = FileManager.default
        for argument in arguments {
            if argument == "-" {
                inputs.append(Input(name: "-", path: nil))
                continue
            }
            var isDirectory: ObjCBool = false
            if manager.fileExists(atPath: argument, isDirectory: &isDirectory), isDirectory.boolValue {
                let names = (try? manager.contentsOfDirectory(atPath: argument)) ?? []
                for name in names.sorted() where !name.hasPrefix(".") {
                    let path = (argument as NSString).appendingPathComponent(name)
                    var childIsDirectory: ObjCBool = false
                    if manager.fileExists(atPath: path, isDirectory: &childIsDirectory), !childIsDirectory.boolValue {
                        inputs.append(Input(name: path, path: path))
                    }
                }
            } else {
                inputs.append(Input(name: argument, path: argument))
            }
        }
        return inputs
    }

    /// The bytes of `input`, or an error message.
    static func read(_ input: Input) -> Result<[UInt8], InputReadError> {
        guard let path = input.path else {
            return .success(Array(FileHandle.standardInput.readDataToEndOfFile()))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(InputReadError(message: "cannot read file \(path)"))
        }
        return .success(Array(data))
    }
}

/// A file that could not be read.
struct InputReadError: Error {
    let message: String
}
