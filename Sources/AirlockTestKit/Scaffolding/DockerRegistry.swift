public import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A private OCI registry for one test: Debian's `docker-registry` (CNCF distribution 2.x) listening on
/// 127.0.0.1 only, storing into a scratch directory, with deletion enabled (so a test can also remove
/// manifests as `airlock revoke` tells a site to).
///
/// `try DockerRegistry.start(in: scratch)` returns once `GET /v2/` answers 200; `host` is `127.0.0.1:PORT`
/// for `docker://\(host)/repo:tag` (plain HTTP: pass `--dest-tls-verify=false` / `--src-tls-verify=false`
/// to skopeo). Write `defer { registry.stop() }`. A machine without the program fails the test with
/// `RegistryFailed` naming the package (`tools/bootstrap` installs it); it never skips.
///
/// A class because it owns a running child process, which `deinit` stops at the latest.
public final class DockerRegistry {
    /// `127.0.0.1:PORT`, the registry part of a `docker://` reference.
    public let host: String
    /// The registry's configuration, storage and log, under the scratch directory.
    public let directory: URL
    private let process: Process

    /// The program started: `/usr/bin/docker-registry` from the Debian package of the same name.
    public static let tool = Tool("docker-registry")

    private init(host: String, directory: URL, process: Process) {
        self.host = host
        self.directory = directory
        self.process = process
    }

    deinit { stop() }

    /// Starts a registry storing under `scratch` (`registry/`) on a free loopback port and waits until it
    /// answers `GET /v2/` (at most `timeout` seconds); a port taken meanwhile is retried with another.
    public static func start(in scratch: ScratchDirectory, timeout: TimeInterval = 30) throws -> DockerRegistry {
        guard let executable = tool.executable else {
            throw RegistryFailed(reason: "docker-registry is not installed: install the Debian package docker-registry (tools/bootstrap does)")
        }
        let directory = scratch.url("registry")
        var lastLog = ""
        for _ in 0..<3 {
            let port = try freePort()
            let host = "127.0.0.1:\(port)"
            let config = try scratch.write(configuration(host: host, storage: directory.appendingPathComponent("storage")), as: "registry/config.yml")
            let log = directory.appendingPathComponent("registry.log")
            let process = try Tool.bash.start(["-c", "exec '\(executable.path)' serve '\(config.path)' >'\(log.path)' 2>&1"])
            let registry = DockerRegistry(host: host, directory: directory, process: process)
            let deadline = Date().addingTimeInterval(timeout)
            while process.isRunning && Date() < deadline {
                if probe(port: port) { return registry }
                usleep(50_000)
            }
            registry.stop()
            lastLog = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            guard lastLog.contains("address already in use") else { break }
        }
        throw RegistryFailed(reason: "docker-registry did not answer GET /v2/ within \(Int(timeout)) s: \(lastLog.suffix(2000))")
    }

    /// Stops the registry (SIGTERM) and waits for it to exit; again is harmless.
    public func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    /// Filesystem storage under `storage`, deletion enabled, no upload purging, no access log.
    static func configuration(host: String, storage: URL) -> String {
        """
        version: 0.1
        log:
          level: info
          accesslog:
            disabled: true
        storage:
          filesystem:
            rootdirectory: \(storage.path)
          delete:
            enabled: true
          maintenance:
            uploadpurging:
              enabled: false
        http:
          addr: \(host)

        """
    }

    /// A port the kernel just handed out on 127.0.0.1 (bound to port 0, then released).
    private static func freePort() throws -> UInt16 {
        let fd = tcpSocket()
        guard fd >= 0 else { throw RegistryFailed(reason: "socket: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw RegistryFailed(reason: "bind 127.0.0.1:0: \(String(cString: strerror(errno)))") }
        return UInt16(bigEndian: address.sin_port)
    }

    /// Whether `GET /v2/` on 127.0.0.1:`port` answers with status 200.
    private static func probe(port: UInt16) -> Bool {
        let fd = tcpSocket()
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var wait = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        var address = loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected else { return false }
        let request = Array("GET /v2/ HTTP/1.0\r\nHost: 127.0.0.1:\(port)\r\n\r\n".utf8)
        guard send(fd, request, request.count, 0) == request.count else { return false }
        var buffer = [UInt8](repeating: 0, count: 16)
        let count = recv(fd, &buffer, buffer.count, Int32(MSG_WAITALL))
        guard count > 0 else { return false }
        let status = String(decoding: buffer.prefix(count), as: UTF8.self)
        return status.hasPrefix("HTTP/1.1 200") || status.hasPrefix("HTTP/1.0 200")
    }

    private static func tcpSocket() -> Int32 {
        #if canImport(Glibc)
        socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        socket(AF_INET, SOCK_STREAM, 0)
        #endif
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }
}

/// Why `DockerRegistry.start` could not provide a registry.
public struct RegistryFailed: Error, CustomStringConvertible, Sendable {
    /// What went wrong, with the registry's log when it exited.
    public let reason: String
    /// The reason.
    public var description: String { reason }
}
