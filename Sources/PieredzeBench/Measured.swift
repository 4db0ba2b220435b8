import Foundation

/// A child process's wall time, peak memory and exit status.
struct Measured {
    var seconds: Double
    var peakKB: Int
    var status: Int32
    var output: String

    /// Runs `arguments` (searched on PATH) and reads its peak RSS through GNU time.
    ///
    /// Not from `wait4` directly: posix_spawn starts the child with vfork, and Linux carries the
    /// parent's high-water mark over exec, so a bench process that has grown would be counted as
    /// the child's peak. GNU time forks the child from its own small process instead.
    static func run(_ arguments: [String], stdoutPath: String? = nil, captureOutput: Bool = false) throws -> Measured {
        let peakFile = FileManager.default.temporaryDirectory.appendingPathComponent("pieredze-bench-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: peakFile) }
        let timed = FileManager.default.isExecutableFile(atPath: "/usr/bin/time")
        var result = try spawn(timed ? ["/usr/bin/time", "-f", "%M", "-o", peakFile] + arguments : arguments,
                               stdoutPath: stdoutPath, captureOutput: captureOutput)
        if timed, let text = try? String(contentsOfFile: peakFile, encoding: .utf8),
           let kilobytes = text.split(separator: "\n").last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) {
            result.peakKB = kilobytes
        }
        return result
    }

    private static func spawn(_ arguments: [String], stdoutPath: String?, captureOutput: Bool) throws -> Measured {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var pipe: [Int32] = [-1, -1]
        if let stdoutPath {
            posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        } else if captureOutput {
            _ = pipe.withUnsafeMutableBufferPointer { Glibc.pipe($0.baseAddress!) }
            posix_spawn_file_actions_adddup2(&actions, pipe[1], 1)
            posix_spawn_file_actions_addclose(&actions, pipe[0])
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        // The child's messages ("wrote …") would interleave with the figures.
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let start = ContinuousClock.now
        let code = posix_spawnp(&pid, arguments[0], &actions, nil, argv, environ)
        guard code == 0 else { throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EINVAL) }
        var output = Data()
        if captureOutput, stdoutPath == nil {
            close(pipe[1])
            output = FileHandle(fileDescriptor: pipe[0], closeOnDealloc: true).readDataToEndOfFile()
        }
        var status: Int32 = 0
        var usage = rusage()
        wait4(pid, &status, 0, &usage)
        let elapsed = ContinuousClock.now - start
        let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Measured(seconds: elapsed.seconds, peakKB: Int(usage.ru_maxrss), status: exitStatus,
                        output: String(decoding: output, as: UTF8.self))
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

/// Times a closure.
func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = ContinuousClock.now
    let result = try body()
    return (result, (ContinuousClock.now - start).seconds)
}

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    let index = min(sorted.count - 1, max(0, Int((p * Double(sorted.count - 1)).rounded())))
    return sorted[index]
}

func fileSizeMB(_ path: String) -> Double {
    let attributes = try? FileManager.default.attributesOfItem(atPath: path)
    return Double(attributes?[.size] as? Int ?? 0) / 1_048_576
}

func format(_ value: Double, _ digits: Int = 2) -> String {
    String(format: "%.\(digits)f", value)
}

/// Prints a verdict line: the ratio and whether it is within the target.
func verdict(_ label: String, ratio: Double, target: Double) {
    print("  \(label): \(format(ratio))× (target ≤ \(format(target, 1))×) \(ratio <= target ? "PASS" : "MISS")")
}
