import ArgumentParser
import Dirq
import DirqGenerator
import Foundation

/// `dirq generate`: writes a synthetic tenant with planted conflicts (`TenantGenerator`), for
/// trying dirq on large exports and for checking answers against a known truth. The files go to
/// `--out`; what was written and planted goes to standard error, the full truth to `truth.json`.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a synthetic tenant with planted sync conflicts.",
        discussion: """
        Writes onprem.ldif (ldifde), onprem.csv (Export-Csv, the same objects), cloud.json (Microsoft \
        Graph) and truth.json (what was planted) into the --out directory. The same seed writes the \
        same bytes on every machine.

        Planted at --conflict-rate: duplicate UPNs among users and duplicate SMTP addresses between \
        users, groups and contacts; also users without a synced twin, cloud-only users (some taking \
        over an on-prem user's UPN), orphaned synced users, and invalid soft matches (ambiguous, \
        orphaned anchor, already synced). Everything else is unique.

        Examples:
          dirq generate --users 1000 --out /tmp/tenant
          dirq generate --users 1000000 --out big --seed 42 --conflict-rate 0.02

        Exit status: 0 success, 64 usage error, 73 a file could not be written.
        """
    )

    @Option(help: "Number of on-prem users (groups are 5 % and contacts 3 % of it).")
    var users: Int

    @Option(help: "Directory to write into (created if missing; its tenant files are replaced).")
    var out: String

    @Option(help: "Seed of the pseudo-random generator.")
    var seed: UInt64 = 1

    @Option(name: .customLong("conflict-rate"), help: "Share of users given each kind of duplicate.")
    var conflictRate: Double = 0.01

    func validate() throws {
        guard users >= 1 && users <= TenantGenerator.maxUsers else {
            throw ValidationError("--users must be between 1 and \(TenantGenerator.maxUsers)")
        }
        guard conflictRate >= 0 && conflictRate <= TenantGenerator.maxConflictRate else {
            throw ValidationError("--conflict-rate must be between 0 and \(TenantGenerator.maxConflictRate)")
        }
    }

    func run() throws {
        let start = Date()
        let tenant: GeneratedTenant
        do {
            tenant = try TenantGenerator(users: users, seed: seed, conflictRate: conflictRate)
                .write(to: URL(fileURLWithPath: out))
        } catch {
            printError("dirq generate: error: \(error)")
            throw ExitCode(73)
        }
        let seconds = Date().timeIntervalSince(start)
        for url in [tenant.onPremLDIF, tenant.onPremCSV, tenant.cloudJSON, tenant.truthJSON] {
            let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
            printError("wrote \(url.path) (\(Self.megabytes(size)))")
        }
        let upnHolders = tenant.duplicateUPNs.values.reduce(0) { $0 + $1.count }
        let smtpHolders = tenant.duplicateSMTP.values.reduce(0) { $0 + $1.count }
        let kinds = SyncMatch.SoftMatchFailure.allCases.map { k in
            "\(tenant.invalidSoftMatches.filter { $0.kind == k }.count) \(k.rawValue)"
        }.joined(separator: ", ")
        printError("""
            \(tenant.users) users, \(tenant.groups) groups, \(tenant.contacts) contacts on-prem; \
            \(tenant.cloudObjects) cloud objects; seed \(tenant.seed); \(String(format: "%.1f", seconds)) s
            planted: \(tenant.duplicateUPNs.count) duplicate UPNs (\(upnHolders) users), \
            \(tenant.duplicateSMTP.count) duplicate SMTP addresses (\(smtpHolders) objects), \
            \(tenant.unmatchedOnPrem.count) users without a cloud twin, \
            \(tenant.cloudOnlyUsers.count) cloud-only users (\(tenant.takeovers.count) taking over an on-prem UPN), \
            \(tenant.orphanedCloud.count) orphaned cloud users, \(tenant.quarantined.count) quarantined values, \
            \(tenant.invalidSoftMatches.count) invalid soft matches (\(kinds))
            """)
    }

    private static func megabytes(_ bytes: Int) -> String {
        bytes < 1_000_000 ? "\(bytes) bytes" : String(format: "%.1f MB", Double(bytes) / 1_000_000)
    }

    private func printError(_ s: String) {
        FileHandle.standardError.write(Data((s + "\n").utf8))
    }
}
