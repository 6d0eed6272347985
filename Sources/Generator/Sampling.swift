import Intake

/// A discrete distribution over `0..<count`, drawn in O(log count).
struct WeightedTable: Sendable {
  private var cumulative: [Double]

  init(_ weights: [Double]) {
    var total = 0.0
    cumulative = weights.map {
      total += max(0, $0)
      return total
    }
  }

  var count: Int { cumulative.count }

  func draw(_ random: inout SeededRandom) -> Int {
    guard let total = cumulative.last, total > 0 else { return 0 }
    let target = random.unit() * total
    var low = 0
    var high = cumulative.count - 1
    while low < high {
      let mid = (low + high) / 2
      if cumulative[mid] > target { high = mid } else { low = mid + 1 }
    }
    return low
  }

  /// Zipf weights `1 / (rank + 1)^exponent`, the shape of organisation sizes.
  static func zipf(count: Int, exponent: Double) -> WeightedTable {
    WeightedTable((0..<max(count, 1)).map { 1 / power(Double($0 + 1), exponent) })
  }
}

/// `base` to the power `exponent` for positive bases, without Foundation.
func power(_ base: Double, _ exponent: Double) -> Double {
  guard base > 0 else { return 0 }
  return exponential(exponent * naturalLog(base))
}

private func exponential(_ x: Double) -> Double {
  // exp by range reduction: x = k·ln2 + r, |r| ≤ ln2/2, then a Taylor series for e^r.
  let ln2 = 0.693_147_180_559_945_3
  let k = (x / ln2).rounded()
  let r = x - k * ln2
  var term = 1.0
  var sum = 1.0
  for n in 1...20 {
    term *= r / Double(n)
    sum += term
  }
  return sum * Double(sign: .plus, exponent: Int(k), significand: 1)
}

private func naturalLog(_ x: Double) -> Double {
  // log via the exponent and an atanh series on the significand in [1, 2).
  let e = Double(x.exponent)
  let m = x.significand
  let y = (m - 1) / (m + 1)
  let y2 = y * y
  var term = y
  var sum = 0.0
  var n = 1.0
  while n < 60 {
    sum += term / n
    term *= y2
    n += 2
  }
  return 2 * sum + e * 0.693_147_180_559_945_3
}

extension SeededRandom {
  /// `true` with probability `p`.
  mutating func chance(_ p: Double) -> Bool { unit() < p }

  /// A uniform element of a non-empty array, or `nil` for an empty one.
  mutating func pick<T>(_ items: [T]) -> T? {
    items.isEmpty ? nil : items[below(items.count)]
  }

  /// A uniform integer in `range`.
  mutating func int(in range: ClosedRange<Int>) -> Int {
    range.lowerBound + below(range.count)
  }

  /// A Fisher–Yates shuffle driven by this generator (the standard library's shuffle
  /// algorithm is not promised to stay the same across releases).
  mutating func shuffle<T>(_ items: inout [T]) {
    guard items.count > 1 else { return }
    for i in stride(from: items.count - 1, to: 0, by: -1) {
      items.swapAt(i, below(i + 1))
    }
  }

  /// `count` distinct indices drawn by weight, in the order drawn.
  mutating func sampleWithoutReplacement(weights: [Double], count: Int) -> [Int] {
    var remaining = weights
    var chosen: [Int] = []
    for _ in 0..<min(count, weights.count) {
      let total = remaining.reduce(0, +)
      guard total > 0 else { break }
      var target = unit() * total
      var pickIndex = remaining.count - 1
      for (index, weight) in remaining.enumerated() where weight > 0 {
        if target < weight {
          pickIndex = index
          break
        }
        target -= weight
      }
      // Rounding can leave `target` just past the last positive weight.
      while remaining[pickIndex] <= 0, pickIndex > 0 { pickIndex -= 1 }
      chosen.append(pickIndex)
      remaining[pickIndex] = 0
    }
    return chosen
  }

  /// A triangular draw on `low...high` peaking in the middle.
  mutating func triangular(_ low: Double, _ high: Double) -> Double {
    low + (high - low) * (unit() + unit()) / 2
  }
}
