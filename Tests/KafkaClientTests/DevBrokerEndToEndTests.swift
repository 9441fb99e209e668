import Foundation
import KafkaClient
import TestSupport
import Testing

@Suite("bounce-worker dev-broker end to end")
struct DevBrokerEndToEndTests {
    @Test("serve, produce with kcat, consume, broker down/up, SIGTERM exits 0")
    func devBrokerEndToEnd() async throws {
        let binary = try locateBounceWorker()
        let kcat = try locateKcat()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(uniqueName("dev-broker"))
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let bootstrapFile = directory.appendingPathComponent("bootstrap.txt")

        let broker = Process()
        broker.executableURL = binary
        broker.arguments = ["dev-broker", "--brokers", "3", "--topic", "e2e:4", "--bootstrap-file", bootstrapFile.path]
        let input = Pipe()
        let output = LineCollector()
        broker.standardInput = input
        broker.standardOutput = output.pipe
        let exitStatus = Box<Int32?>(nil)
        broker.terminationHandler = { process in exitStatus.value = process.terminationStatus }
        try broker.run()
        defer { if broker.isRunning { broker.terminate() } }

        try await waitUntil("the bootstrap file is written", timeout: .seconds(20)) {
            ((try? String(contentsOf: bootstrapFile, encoding: .utf8)) ?? "").hasSuffix("\n")
        }
        let bootstrap = try String(contentsOf: bootstrapFile, encoding: .utf8).trimmingCharacters(
            in: .whitespacesAndNewlines)
        #expect(bootstrap.split(separator: ",").count == 3)
        try await waitUntil("the bootstrap servers are printed") {
            output.lines.first == "bootstrap.servers=\(bootstrap)"
        }

        func produceWithKcat(_ range: Range<Int>) async throws {
            let lines = range.map { "key-\($0):value-\($0)\n" }.joined()
            let status = try await runProcess(
                kcat, ["-P", "-b", bootstrap, "-t", "e2e", "-K", ":"], input: Data(lines.utf8))
            #expect(status == 0, "kcat exit status")
        }
        try await produceWithKcat(0..<100)

        let configuration = KafkaConsumerConfiguration(
            groupID: uniqueName("e2e"),
            connection: KafkaConnectionConfiguration(bootstrapServers: [bootstrap]),
            sessionTimeout: .seconds(4),
            heartbeatInterval: .milliseconds(300)
        )
        let consumer = try KafkaConsumer(configuration: configuration, logger: testLogger("c"))
        try consumer.subscribe(topics: ["e2e"])
        var iterator = consumer.messages.makeAsyncIterator()
        var values = Set<String>()
        while values.count < 100, let message = await iterator.next() {
            #expect(message.key?.string == message.value.string.replacingOccurrences(of: "value", with: "key"))
            values.insert(message.value.string)
        }
        #expect(values.count == 100)

        func command(_ line: String) async throws -> String {
            let before = output.lines.count
            input.fileHandleForWriting.write(Data((line + "\n").utf8))
            try await waitUntil("an answer to '\(line)'") { output.lines.count > before }
            return output.lines[before]
        }
        #expect(try await command("down 1") == "ok")
        #expect(try await command("up 1") == "ok")
        #expect(try await command("down 9").hasPrefix("error: "))
        #expect(try await command("error OffsetCommit 30 0").hasPrefix("error: "))
        #expect(try await command("rtt 2 5") == "ok")

        try await produceWithKcat(100..<150)
        while values.count < 150, let message = await iterator.next() {
            values.insert(message.value.string)
        }
        #expect(values.count == 150)
        await consumer.close()

        broker.terminate()  // SIGTERM
        try await waitUntil("dev-broker exits after SIGTERM", timeout: .seconds(20)) { exitStatus.value != nil }
        #expect(exitStatus.value == 0)
        #expect(broker.terminationReason == .exit)
    }
}
