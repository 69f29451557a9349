package org.flowimpute.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ExecutionDeviceTest {

  @Test
  void parsesEveryForm() {
    assertEquals(ExecutionDevice.cpu(), ExecutionDevice.parse("CPU"));
    assertEquals(new ExecutionDevice(ExecutionDevice.Kind.CUDA, 0), ExecutionDevice.parse("cuda"));
    assertEquals(
        new ExecutionDevice(ExecutionDevice.Kind.CUDA, 2), ExecutionDevice.parse("cuda:2"));
    assertEquals(new ExecutionDevice(ExecutionDevice.Kind.AUTO, 0), ExecutionDevice.parse("auto"));
    assertEquals("cuda:2", ExecutionDevice.parse("cuda:2").toString());
  }

  /** Every refusal names --device and the value as given, and says what is accepted. */
  @Test
  void rejectsUnknownDevicesNamingTheOptionAndTheValue() {
    assertEquals("--device 'gpu': expected cpu, cuda, cuda:<index> or auto", refusal("gpu"));
    assertEquals(
        "--device 'CUDA:x': expected cuda:<index> with a whole number index, e.g. cuda:0",
        refusal("CUDA:x"));
  }

  /**
   * An index below 0 or beyond an int gives the range: -1 was "CUDA device index must be >= 0, got
   * -1" and 99999999999 "expected cuda:<index>", neither naming --device.
   */
  @Test
  void rejectsIndicesOutOfRangeWithTheRange() {
    assertEquals(
        "--device 'cuda:-1': the CUDA device index must be between 0 and 2147483647",
        refusal("cuda:-1"));
    assertEquals(
        "--device 'cuda:99999999999': the CUDA device index must be between 0 and 2147483647",
        refusal("cuda:99999999999"));
    assertEquals(
        new ExecutionDevice(ExecutionDevice.Kind.CUDA, Integer.MAX_VALUE),
        ExecutionDevice.parse("cuda:2147483647"));
  }

  private static String refusal(String device) {
    return assertThrows(IllegalArgumentException.class, () -> ExecutionDevice.parse(device))
        .getMessage();
  }
}
