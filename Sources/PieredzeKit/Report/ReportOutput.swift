import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A buffered text stream over a file descriptor. Remembers the first write error instead of
/// throwing (`TextOutputStream.write` cannot throw); `ReportOutput.write` reports it.
public struct FileOutputStream: TextOutputStream {
    public let fileDescriptor: Int32
    private var buffer: [UInt8] = []
    public private(set) var failure: Int32?
    private static let capacity = 1 << 16

    public init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
        buffer.reserveCapacity(Self.capacity + 4096)
    }

    public mutating func write(_ string: String) {
        buffer.append(contentsOf: string.utf8)
        if buffer.count >= Self.capacity { flush() }
    }

    /// Writes `bytes` (JSON from an encoder) through the same buffer.
    public mutating func write(bytes: some Collection<UInt8>) {
        flush()
        buffer.append(contentsOf: bytes)
        flush()
    }

    public mutating func flush() {
        guard failure == nil else { buffer.removeAll(keepingCapacity: true); return }
        var offset = 0
        buffer.withUnsafeBytes { raw in
            while offset < raw.count {
                let written = Foundation.write(fileDescriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Where a report goes: standard output, or a file written atomically.
public enum ReportOutput {
    public enum Failure: Error, CustomStringConvertible, Equatable {
        case exists(path: String)
        case isDirectory(path: String)
        case cannotWrite(path: String, reason: String)

        public var description: String {
            switch self {
            case .exists(let path): return "\(path) exists; use --force to overwrite it"
            case .isDirectory(let path): return "\(path) is a directory"
            case let .cannotWrite(path, reason): return "cannot write \(path): \(reason)"
            }
        }
    }

    /// Throws when `path` may not be written (it exists and `force` is off, or is a directory),
    /// so a command can refuse before doing any work.
    public static func check(path: String, force: Bool) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { throw Failure.isDirectory(path: path) }
            if !force { throw Failure.exists(path: path) }
        }
    }

    /// Runs `body` with a stream to standard output (`path` nil or `-`), or to `path`: a
    /// temporary file beside it, synced and then renamed over it, so readers see the old file or
    /// the whole new one, never a part. Without `force` an existing file is left alone (the
    /// final step is `link`, which fails if the name was taken meanwhile). If `body` throws, the
    /// temporary file is removed and nothing else changes.
    public static func write(to path: String?, force: Bool, _ body: (inout FileOutputStream) throws -> Void) throws {
        guard let path, path != "-" else {
            var stream = FileOutputStream(fileDescriptor: STDOUT_FILENO)
            try body(&stream)
            stream.flush()
            if let failure = stream.failure, failure != EPIPE {
                throw Failure.cannotWrite(path: "standard output", reason: String(cString: strerror(failure)))
            }
            return
        }
        try check(path: path, force: force)
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let name = url.lastPathComponent
        var temporary = ""
        var descriptor: Int32 = -1
        for _ in 0..<16 {
            temporary = (directory as NSString).appendingPathComponent(".\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if descriptor >= 0 || errno != EEXIST { break }
        }
        guard descriptor >= 0 else { throw Failure.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        var closed = false
        var committed = false
        defer {
            if !closed { close(descriptor) }
            if !committed { unlink(temporary) }
        }
        var stream = FileOutputStream(fileDescriptor: descriptor)
        try body(&stream)
        stream.flush()
        if let failure = stream.failure {
            throw Failure.cannotWrite(path: path, reason: String(cString: strerror(failure)))
        }
        guard fsync(descriptor) == 0 || errno == EINVAL else {
            throw Failure.cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
        closed = true
        guard close(descriptor) == 0 else { throw Failure.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        if force {
            guard rename(temporary, path) == 0 else {
                throw Failure.cannotWrite(path: path, reason: String(cString: strerror(errno)))
            }
        } else if link(temporary, path) == 0 {
            unlink(temporary)
        } else if errno == EEXIST {
            throw Failure.exists(path: path)
        } else {
            // A file system without hard links: check again, then rename.
            try check(path: path, force: false)
            guard rename(temporary, path) == 0 else {
                throw Failure.cannotWrite(path: path, reason: String(cString: strerror(errno)))
            }
        }
        committed = true
    }
}
