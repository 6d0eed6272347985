import Harness

/// libFuzzer calls this once per input; `KRING_FUZZ_READER` fixes the reader.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  if let reader = fixedReader {
    reader.read(bytes)
  } else {
    Reader.dispatch(bytes)
  }
  return 0
}

nonisolated(unsafe) private let fixedReader = Reader.fromEnvironment
