public import Foundation
public import AirlockVerify

/// The outcome of checking a signed approval file (the verifier lives in AirlockVerify).
public typealias ApprovalCheck = ApprovalVerification

extension ApplianceKeys {
    /// Checks an approval manifest or VSA (a DSSE envelope, or a Sigstore bundle holding one) against
    /// every key the appliance ever had.
    public func verifyApproval(_ document: Data) throws(ApplianceError) -> ApprovalCheck {
        ApprovalVerifier.verify(document, keys: try publicKeys())
    }
}
