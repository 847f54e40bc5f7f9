import Foundation
import AirlockFormats

extension OCILayoutWalker {
    /// The platform of an index's child manifest, `os/architecture[/variant]`, read from its config (what
    /// the image is, D22); the index descriptor's `platform` when the config is absent or says
    /// nothing. A config that contradicts the index descriptor is a warning naming both.
    mutating func platformOfChild(_ descriptor: OCIDescriptor, config: OCIDescriptor) throws(ImportError) -> String? {
        let listed = descriptor.platform?.description
        guard [MediaType.imageConfig, MediaType.dockerConfig].contains(config.mediaType), config.size <= Int64(view.limits.maxMetadataBytes),
              let (data, _) = try resolve(config),
              let object = (try? JSONValue.parse(data, limits: view.limits))?.objectValue,
              let os = object["os"]?.stringValue, let architecture = object["architecture"]?.stringValue else { return listed }
        let fromConfig = OCIPlatform(architecture: architecture, os: os, variant: object["variant"]?.stringValue).description
        if let listed, listed != fromConfig {
            findings.warnings.append("\(layoutName): manifest \(descriptor.digest) is listed as \(listed) but its config says \(fromConfig)")
        }
        return fromConfig
    }
}
