import DirqModel

/// The words synthetic objects are built from. Each name has its display form (UTF-8, sometimes
/// with é, ø, ł… so the LDIF has `cn::` base64 values as ldifde writes them) and a lower-case
/// ASCII form made of letters only, used in sAMAccountName, UPN and addresses.
///
/// "Letters only" is what keeps unplanted values unique: an address's local part is
/// `given.surname` + the object's index in decimal, and since the names end in a letter, the
/// trailing digits are exactly the index — two objects can never produce the same value.
package enum NameTables {
    package struct Name: Sendable {
        package let display: [UInt8]
        package let ascii: [UInt8]
    }

    package static let given: [Name] = make([
        ("Tycho", "tycho"), ("Ada", "ada"), ("Alan", "alan"), ("Grace", "grace"), ("Linus", "linus"),
        ("Margaret", "margaret"), ("Dennis", "dennis"), ("Barbara", "barbara"), ("Ken", "ken"),
        ("Frances", "frances"), ("Edsger", "edsger"), ("Donald", "donald"), ("Hedy", "hedy"),
        ("Claude", "claude"), ("Radia", "radia"), ("John", "john"), ("Mary", "mary"), ("Peter", "peter"),
        ("Anna", "anna"), ("James", "james"), ("Olivia", "olivia"), ("Noah", "noah"), ("Emma", "emma"),
        ("Liam", "liam"), ("Sofia", "sofia"), ("Lucas", "lucas"), ("Mia", "mia"), ("Ethan", "ethan"),
        ("Chloe", "chloe"), ("Daniel", "daniel"), ("Laura", "laura"), ("David", "david"), ("Sarah", "sarah"),
        ("Thomas", "thomas"), ("Julia", "julia"), ("Martin", "martin"), ("Nina", "nina"), ("Oscar", "oscar"),
        ("Paula", "paula"), ("Victor", "victor"), ("Ingrid", "ingrid"), ("Kenji", "kenji"), ("Aisha", "aisha"),
        ("Priya", "priya"), ("Mateo", "mateo"), ("Yusuf", "yusuf"), ("Elena", "elena"), ("Hannah", "hannah"),
        ("Ivan", "ivan"), ("Fatima", "fatima"), ("Omar", "omar"), ("Lars", "lars"),
        ("Zoé", "zoe"), ("Hélène", "helene"), ("Łukasz", "lukasz"), ("Søren", "soren"), ("Bjørn", "bjorn"),
        ("Michał", "michal"), ("Renée", "renee"), ("José", "jose"),
    ])

    package static let surname: [Name] = make([
        ("Brahe", "brahe"), ("Lovelace", "lovelace"), ("Turing", "turing"), ("Hopper", "hopper"),
        ("Torvalds", "torvalds"), ("Hamilton", "hamilton"), ("Ritchie", "ritchie"), ("Liskov", "liskov"),
        ("Thompson", "thompson"), ("Allen", "allen"), ("Dijkstra", "dijkstra"), ("Knuth", "knuth"),
        ("Lamarr", "lamarr"), ("Shannon", "shannon"), ("Perlman", "perlman"), ("Smith", "smith"),
        ("Johnson", "johnson"), ("Williams", "williams"), ("Brown", "brown"), ("Jones", "jones"),
        ("Garcia", "garcia"), ("Miller", "miller"), ("Davis", "davis"), ("Rodriguez", "rodriguez"),
        ("Martinez", "martinez"), ("Wilson", "wilson"), ("Anderson", "anderson"), ("Taylor", "taylor"),
        ("Moore", "moore"), ("Jackson", "jackson"), ("White", "white"), ("Harris", "harris"), ("Clark", "clark"),
        ("Lewis", "lewis"), ("Walker", "walker"), ("Young", "young"), ("King", "king"), ("Wright", "wright"),
        ("Scott", "scott"), ("Green", "green"), ("Baker", "baker"), ("Adams", "adams"), ("Nelson", "nelson"),
        ("Campbell", "campbell"), ("Nowak", "nowak"), ("Kowalski", "kowalski"), ("Jensen", "jensen"),
        ("Nakamura", "nakamura"), ("Patel", "patel"), ("Khan", "khan"), ("Silva", "silva"), ("Rossi", "rossi"),
        ("Østergaard", "ostergaard"), ("Wałęsa", "walesa"), ("Lefèvre", "lefevre"), ("Brøndum", "brondum"),
        ("Górski", "gorski"), ("Müller", "muller"), ("Novák", "novak"), ("Kjær", "kjaer"),
    ])

    /// Departments: the display name (also the OU under `OU=Staff`) and the ASCII word used in
    /// group names and addresses.
    package static let departments: [Name] = make([
        ("Sales", "sales"), ("Marketing", "marketing"), ("Finance", "finance"), ("Engineering", "engineering"),
        ("Support", "support"), ("Legal", "legal"), ("Operations", "operations"), ("Research", "research"),
        ("Human Resources", "hr"), ("Procurement", "procurement"), ("IT", "it"), ("Facilities", "facilities"),
    ])

    /// Partner companies whose people are contacts (mail domains no user address uses).
    package static let partnerDomains: [[UInt8]] = ["adatum.com", "litwareinc.com", "northwindtraders.com", "tailspintoys.com"]
        .map { Array($0.utf8) }

    private static func make(_ pairs: [(String, String)]) -> [Name] {
        pairs.map { Name(display: Array($0.0.utf8), ascii: Array($0.1.utf8)) }
    }
}
