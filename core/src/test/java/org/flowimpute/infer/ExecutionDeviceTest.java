package org.flowimpute.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  @Test
  void rejectsUnknownDevicesWithTheAcceptedForms() {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> ExecutionDevice.parse("gpu"));

    assertTrue(error.getMessage().contains("cpu, cuda, cuda:<index> or auto"), error.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ExecutionDevice.parse("cuda:x"));
    assertThrows(IllegalArgumentException.class, () -> ExecutionDevice.parse("cuda:-1"));
  }
}
