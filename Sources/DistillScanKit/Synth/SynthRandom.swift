import Glibc

/// Seeded PRNG for `distillscan synth`: SplitMix64 (Steele, Lea, Flood 2014).
///
/// Why not `SystemRandomNumberGenerator`: the corpus must be byte-identical for a seed, on every
/// machine and worker count. SplitMix64 is tiny, fast, passes BigCrush, and derives independent
/// child streams cheaply (``derive(_:)``), which is how every account gets its own stream.
public struct SynthRandom: RandomNumberGenerator, Sendable {
  private var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    return Self.mix(state)
  }

  /// The SplitMix64 finaliser: a bijective 64-bit mixer.
  @inline(__always)
  public static func mix(_ x: UInt64) -> UInt64 {
    var z = x
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// An independent stream for a sub-unit (account, cluster, hour): the parent state is untouched,
  /// so adding a unit never shifts the streams of the others.
  public func derive(_ salts: UInt64...) -> SynthRandom {
    var h = Self.mix(state ^ 0x5851_F42D_4C95_7F2D)
    for s in salts { h = Self.mix(h ^ Self.mix(s &+ 0x2545_F491_4F6C_DD1D)) }
    return SynthRandom(seed: h)
  }

  /// Uniform in [0, 1).
  @inline(__always)
  public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

  /// Uniform integer in `0..<n` (n > 0); Lemire's multiply-shift, bias negligible for our n.
  @inline(__always)
  public mutating func below(_ n: Int) -> Int {
    precondition(n > 0)
    return Int((UInt64(n).multipliedFullWidth(by: next())).high)
  }

  public mutating func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + below(r.upperBound - r.lowerBound + 1) }
  public mutating func double(_ lo: Double, _ hi: Double) -> Double { lo + (hi - lo) * unit() }
  public mutating func chance(_ p: Double) -> Bool { unit() < p }

  public mutating func pick<T>(_ a: [T]) -> T { a[below(a.count)] }

  /// Index drawn with the given (unnormalised, non-negative) weights.
  public mutating func weighted(_ w: [Double]) -> Int {
    let total = w.reduce(0, +)
    var x = unit() * total
    for (i, v) in w.enumerated() {
      x -= v
      if x < 0 { return i }
    }
    return w.count - 1
  }

  /// Exponential with the given mean (inter-arrival times of a Poisson process).
  public mutating func exponential(mean: Double) -> Double { -mean * log(1 - unit()) }

  /// Log-normal with the given median and log-space sigma (human think times, document lengths).
  public mutating func logNormal(median: Double, sigma: Double) -> Double { median * exp(sigma * normal()) }

  /// Standard normal (Box–Muller; one value per call keeps the stream simple).
  public mutating func normal() -> Double {
    let u1 = max(unit(), 1e-300)
    let u2 = unit()
    return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
  }

  /// Poisson count with the given mean (Knuth for small means, normal approximation above 30).
  public mutating func poisson(_ mean: Double) -> Int {
    if mean <= 0 { return 0 }
    if mean > 30 { return max(0, Int((mean + mean.squareRoot() * normal()).rounded())) }
    let l = exp(-mean)
    var k = 0
    var p = 1.0
    repeat {
      k += 1
      p *= unit()
    } while p > l
    return k - 1
  }

  /// Geometric count ≥ 1 with the given mean (turns per conversation).
  public mutating func geometric(mean: Double) -> Int {
    if mean <= 1 { return 1 }
    let p = 1 / mean
    return 1 + Int(log(1 - unit()) / log(1 - p))
  }

  /// `n` lowercase hex digits.
  public mutating func hex(_ n: Int) -> String {
    let digits: [UInt8] = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    out.reserveCapacity(n)
    var bits: UInt64 = 0
    for i in 0..<n {
      if i % 16 == 0 { bits = next() }
      out.append(digits[Int(bits & 15)])
      bits >>= 4
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// A random UUID string in version-4 layout (`xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`).
  public mutating func uuid() -> String {
    let h = Array(hex(32).utf8)
    var out = [UInt8]()
    out.reserveCapacity(36)
    for (i, c) in h.enumerated() {
      if i == 8 || i == 12 || i == 16 || i == 20 { out.append(UInt8(ascii: "-")) }
      switch i {
      case 12: out.append(UInt8(ascii: "4"))
      case 16: out.append(Array("89ab".utf8)[Int(c) & 3])
      default: out.append(c)
      }
    }
    return String(decoding: out, as: UTF8.self)
  }
}
