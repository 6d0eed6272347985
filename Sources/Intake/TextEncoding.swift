/// The text encodings of the files Kring reads besides UTF-8: Windows-1252 (what Excel on
/// Windows saves as "CSV") and UTF-16 with a byte-order mark (Excel's "Unicode text").
enum TextEncoding {
  /// The encoding the bytes were read in, when it was not UTF-8.
  enum Detected: Sendable, Hashable {
    case utf8
    case windows1252
    case utf16
  }

  /// The bytes as UTF-8 and the encoding they were in.
  ///
  /// UTF-16 is recognised by its byte-order mark. Bytes that are not valid UTF-8 are read as
  /// Windows-1252 when they look like it: every byte is defined in Windows-1252 and the file
  /// holds (nearly) no valid multi-byte UTF-8 sequence. A UTF-8 file with a few broken bytes is
  /// left as it is, so that the CSV reader names the rows with the broken text.
  ///
  /// - Parameter windows1252: whether to consider Windows-1252 at all (JSON is UTF-8 by its
  ///   standard, so a JSON file with broken bytes is an error, not another encoding).
  static func utf8(_ bytes: [UInt8], windows1252 allowed: Bool = true) -> (
    bytes: [UInt8], encoding: Detected
  ) {
    if bytes.count >= 2 {
      if bytes[0] == 0xFF && bytes[1] == 0xFE { return (utf16(bytes, bigEndian: false), .utf16) }
      if bytes[0] == 0xFE && bytes[1] == 0xFF { return (utf16(bytes, bigEndian: true), .utf16) }
    }
    guard allowed else { return (bytes, .utf8) }
    var valid = 0
    var invalid = 0
    var undefined = false
    bytes.withUnsafeBufferPointer { p in
      var i = 0
      let n = p.count
      while i < n {
        let c = p[i]
        if c < 0x80 {
          i += 1
          continue
        }
        let length = sequenceLength(c)
        if i + length <= n && Bytes.firstInvalidUTF8(p, i, i + length) == nil {
          valid += 1
          i += length
        } else {
          invalid += 1
          if c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D { undefined = true }
          i += 1
        }
      }
    }
    guard invalid > 0, !undefined, valid * 4 < invalid else { return (bytes, .utf8) }
    return (windows1252(bytes), .windows1252)
  }

  private static func sequenceLength(_ lead: UInt8) -> Int {
    switch lead {
    case 0xC2...0xDF: 2
    case 0xE0...0xEF: 3
    case 0xF0...0xF4: 4
    default: 1
    }
  }

  /// Windows-1252's characters for 0x80–0x9F (0 for the five undefined bytes); 0xA0–0xFF are
  /// Latin-1, the same code points as the bytes.
  private static let high: [UInt32] = [
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC,
    0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
  ]

  /// Windows-1252 bytes as UTF-8.
  static func windows1252(_ bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count + bytes.count / 8)
    for b in bytes {
      if b < 0x80 {
        out.append(b)
        continue
      }
      let scalar = b < 0xA0 ? high[Int(b - 0x80)] : UInt32(b)
      guard scalar != 0, let u = Unicode.Scalar(scalar) else {
        out.append(contentsOf: [0xEF, 0xBF, 0xBD])
        continue
      }
      out.append(contentsOf: Array(String(Character(u)).utf8))
    }
    return out
  }

  /// UTF-16 bytes after a byte-order mark as UTF-8 (unpaired surrogates become U+FFFD).
  static func utf16(_ bytes: [UInt8], bigEndian: Bool) -> [UInt8] {
    var units: [UInt16] = []
    units.reserveCapacity(bytes.count / 2)
    var i = 2
    while i + 1 < bytes.count {
      let a = UInt16(bytes[i])
      let b = UInt16(bytes[i + 1])
      units.append(bigEndian ? a << 8 | b : b << 8 | a)
      i += 2
    }
    return Array(String(decoding: units, as: UTF16.self).utf8)
  }
}
