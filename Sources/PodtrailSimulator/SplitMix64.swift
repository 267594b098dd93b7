import PodtrailKit
/// A tiny deterministic pseudo-random generator (SplitMix64, Steele, Lea & Flood 2014).
///
/// The simulator never uses the system generator: the same seed gives the same numbers on every
/// platform and Swift version, so archives are byte-for-byte reproducible. The helpers below use
/// their own arithmetic rather than `Int.random(in:using:)`, whose algorithm is not promised.
struct SplitMix64 {
    private var state: UInt64

    /// Creates a generator from a seed.
    init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `range` (the modulo bias is below 2⁻⁴⁰ for the ranges used here).
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(next() % width)
    }

    /// A uniform integer in `range`.
    mutating func int64(_ range: ClosedRange<Int64>) -> Int64 {
        let width = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int64(next() % width)
    }

    /// A uniform real number in [0, 1).
    mutating func unit() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool {
        unit() < p
    }

    /// One element of a non-empty array.
    mutating func pick<T>(_ items: [T]) -> T {
        items[int(0...(items.count - 1))]
    }

    /// An index chosen with the given relative weights.
    mutating func weighted(_ weights: [Int]) -> Int {
        let total = weights.reduce(0, +)
        var roll = int(0...(total - 1))
        for (index, weight) in weights.enumerated() {
            if roll < weight { return index }
            roll -= weight
        }
        return weights.count - 1
    }

    /// `count` characters from `alphabet`.
    mutating func string(_ count: Int, from alphabet: [Character]) -> String {
        var result = ""
        for _ in 0..<count { result.append(pick(alphabet)) }
        return result
    }

    /// A random RFC 4122 version-4 UUID string.
    mutating func uuid() -> String {
        let a = next()
        let b = next()
        let hex = Array("0123456789abcdef")
        var out = ""
        out.reserveCapacity(36)
        for i in 0..<32 {
            if i == 8 || i == 12 || i == 16 || i == 20 { out.append("-") }
            var nibble = Int(i < 16 ? (a >> UInt64(60 - 4 * i)) & 0xF : (b >> UInt64(60 - 4 * (i - 16))) & 0xF)
            if i == 12 { nibble = 4 }
            if i == 16 { nibble = 8 | (nibble & 3) }
            out.append(hex[nibble])
        }
        return out
    }

    /// The alphabet of generated pod name suffixes (`k8s.io/apimachinery` rand).
    static let nameAlphabet = Array("bcdfghjklmnpqrstvwxz2456789")
    /// The alphabet of `pod-template-hash` values.
    static let hashAlphabet = Array("456789bcdf")
}
