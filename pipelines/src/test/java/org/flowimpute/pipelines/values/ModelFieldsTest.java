package org.flowimpute.pipelines.values;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.flowimpute.bundle.ContinuousTarget;
import org.flowimpute.bundle.MagnitudeTransform;
import org.flowimpute.bundle.Manifest;
import org.flowimpute.bundle.SampleManifests;
import org.flowimpute.household.HouseholdContext;
import org.flowimpute.household.HouseholdFeature;
import org.flowimpute.pipelines.testing.TestBundles;
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
            TargetField.categorical("benefit", List.of("0", "1")),
            TargetField.categorical("tenure", List.of("owner", "renter", "social"))),
        fields.targets());
  }

  /**
   * A household model computes its features and the totals of its continuous targets (wage and
   * savings; benefit and tenure are categorical); a person-level model computes no field.
   */
  @Test
  void aHouseholdModelComputesItsFeaturesAndTotals() {
    Manifest person = SampleManifests.sample();
    Manifest household =
        person.withHousehold(
            new HouseholdContext(
                "household_id", List.of(HouseholdFeature.countAtLeast("age", "age", 18))));

    ModelFields fields = ModelFields.of(household, null);

    assertEquals(
        List.of("age", "household_wage_total", "household_savings_total"), fields.computedFields());
    assertTrue(fields.computes("household_wage_total"));
    assertFalse(fields.computes("region"));
    assertEquals(List.of(), ModelFields.of(person, null).computedFields());
  }

  /** A continuous target's point masses (a 0/1 column's "=1.0") are gate states of its field. */
  @Test
  void continuousTargetsKeepTheirPointMassStates() {
    Manifest manifest =
        TestBundles.peopleManifestBuilder("pension-1")
            .targets(
                List.of(
                    new ContinuousTarget(
                        "pension",
                        List.of("zero", "=1.0"),
                        new MagnitudeTransform(0, 1, 1, 1.0),
                        List.of(1.0))))
            .build();

    TargetField pension = ModelFields.of(manifest, null).targets().get(0);

    assertEquals(List.of("negative", "zero", "positive", "=1.0"), pension.gateStates());
    assertEquals("=1.0", pension.stateLabel(3));
    assertTrue(pension.numeric());
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
