public import Foundation

/// A private registry for one test: Debian's `docker-registry` (CNCF distribution 2.x) on 127.0.0.1 only,
/// storing under the scratch directory (`registry/`).
///
/// `try DockerRegistry.start(in: scratch)` returns once `GET /v2/` answers; `host` is `127.0.0.1:PORT` for
/// `docker://\(host)/repo:tag` (plain HTTP: give skopeo `--dest-tls-verify=false` / `--src-tls-verify=false`).
/// A machine without the program fails the test with `RegistryFailed` naming the package; it never skips.
/// A class because it owns a running child process, which `deinit` stops at the latest.
public final class DockerRegistry {
    /// `127.0.0.1:PORT`, the registry part of a `docker://` reference.
    public let host: String
    private let process: Process

    /// `/usr/bin/docker-registry`, from the Debian package of the same name (`tools/bootstrap` installs it).
    public static let tool = Tool("docker-registry")

    private init(host: String, process: Process) {
        self.host = host
        self.process = process
    }

    deinit { stop() }

    /// Starts a registry on a free loopback port and waits (at most `timeout` seconds) until it answers.
    public static func start(in scratch: ScratchDirectory, timeout: TimeInterval = 30) throws -> DockerRegistry {
        guard tool.isAvailable else {
            throw RegistryFailed(reason: "docker-registry is not installed: install the Debian package docker-registry (tools/bootstrap does)")
        }
        let port = try Tool.python3.checked(["-c", "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"])
        let host = "127.0.0.1:" + String(decoding: port, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let config = try scratch.write("""
            version: 0.1
            log:
              level: error
            storage:
              filesystem:
                rootdirectory: \(scratch.url("registry/storage").path)
            http:
              addr: \(host)

            """, as: "registry.yml")
        let registry = DockerRegistry(host: host, process: try tool.start(["serve", config.path]))
        let probe = "import urllib.request; urllib.request.urlopen('http://\(host)/v2/', timeout=2)"
        let deadline = Date().addingTimeInterval(timeout)
        while registry.process.isRunning && Date() < deadline {
            if try Tool.python3.run(["-c", probe]).succeeded { return registry }
            usleep(100_000)
        }
        registry.stop()
        throw RegistryFailed(reason: "docker-registry on \(host) did not answer GET /v2/ within \(Int(timeout)) s")
    }

    /// Stops the registry (SIGTERM) and waits for it to exit; calling it again is harmless.
    public func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}

/// Why `DockerRegistry.start` could not provide a registry.
public struct RegistryFailed: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public let reason: String
    /// The reason.
    public var description: String { reason }
}
