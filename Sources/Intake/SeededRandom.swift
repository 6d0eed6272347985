/// A small, fast, seedable random number generator (xoshiro256**), so that every run with
/// the same seed makes the same choices on every platform.
public struct SeededRandom: RandomNumberGenerator, Sendable {
  private var s0: UInt64
  private var s1: UInt64
  private var s2: UInt64
  private var s3: UInt64

  /// Creates a generator whose whole sequence is fixed by `seed`.
  public init(seed: UInt64) {
    // SplitMix64 spreads the seed over the state, so that nearby seeds are unrelated.
    var x = seed
    func next() -> UInt64 {
      x &+= 0x9E37_79B9_7F4A_7C15
      var z = x
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    s0 = next()
    s1 = next()
    s2 = next()
    s3 = next()
  }

  public mutating func next() -> UInt64 {
    let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = (s3 << 45) | (s3 >> 19)
    return result
  }

  /// A uniform integer in `0..<bound` without modulo bias; `bound` must be positive.
  public mutating func below(_ bound: Int) -> Int {
    Int(truncatingIfNeeded: next(upperBound: UInt64(bound)))
  }

  /// A uniform double in `0..<1`.
  public mutating func unit() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }
}
