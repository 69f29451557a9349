package org.flowimpute.pipelines.values;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.flowimpute.bundle.SampleManifests;
import org.junit.jupiter.api.Test;

class ModelFieldsTest {

  @Test
  void projectsTheManifestsConditionsTargetsAndUnknownCategoryPolicy() {
    ModelFields fields = ModelFields.of(SampleManifests.sample(), "w");

    assertEquals("demo-model-1", fields.modelId());
    assertEquals("w", fields.weightField());
    assertTrue(fields.condition("age").numeric());
    assertFalse(fields.condition("region").numeric());
    assertEquals(List.of("north", "south"), fields.condition("region").categories());
    assertTrue(fields.condition("region").acceptsUnknown());
    assertEquals(
        List.of(
            TargetField.continuous("wage"),
            TargetField.continuous("savings"),
            TargetField.binary("benefit"),
            TargetField.categorical("tenure", List.of("owner", "renter", "social"))),
        fields.targets());
  }

  @Test
  void gateStateLabelsFollowTheContractAndRejectOutOfRangeStates() {
    TargetField wage = TargetField.continuous("wage");

    assertEquals("negative", wage.stateLabel(0));
    assertEquals("positive", wage.stateLabel(2));
    IllegalArgumentException error =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> wage.stateLabel(3));
    assertEquals("target wage: gate state 3 outside 0..2", error.getMessage());
  }
}
