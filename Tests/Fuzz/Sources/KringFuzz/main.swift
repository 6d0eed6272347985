import Foundation
import Harness

// libFuzzer's driver, called with a callback: SwiftPM gives every executable its own `main`, so
// this one hands control to libFuzzer (linked by -sanitize=fuzzer) instead of using its `main`.
@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(
  _ argc: UnsafeMutablePointer<Int32>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
  _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// The reader `KRING_FUZZ_READER` fixes; without it the first byte of each input picks one.
let fixedReader = Reader.fromEnvironment

/// One input, as libFuzzer hands it over.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  if let reader = fixedReader {
    reader.read(bytes)
  } else {
    Reader.dispatch(bytes)
  }
  return 0
}

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(runDriver(&argc, &argv, fuzzOneInput))
