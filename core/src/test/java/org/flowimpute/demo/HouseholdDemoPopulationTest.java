package org.flowimpute.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/** The household demo against its known truth, per (role, number of children) cell. */
class HouseholdDemoPopulationTest {

  private static final int HOUSEHOLDS = 20_000;

  @Test
  void sharesAndMeansByRoleAndChildrenMatchTheTruthWithinFourStandardErrors() {
    // [role][children][target] sums: count, positives, sum of positive values, sum of squares
    double[][][][] sums = new double[HouseholdRole.values().length][4][2][4];
    Iterator<GenericRecord> persons = HouseholdDemoPopulation.withSeed(5).persons(HOUSEHOLDS);
    List<GenericRecord> household = new ArrayList<>();
    String current = null;
    while (persons.hasNext() || !household.isEmpty()) {
      GenericRecord person = persons.hasNext() ? persons.next() : null;
      String id = person == null ? null : person.get("household_id").toString();
      if (!household.isEmpty() && !household.get(0).get("household_id").toString().equals(id)) {
        accumulate(household, sums);
        household.clear();
      }
      if (person != null) {
        household.add(person);
        current = id;
      }
    }
    assertEquals("HH" + String.format("%07d", HOUSEHOLDS), current);
    String[] targets = {HouseholdDemoModel.WAGE, HouseholdDemoModel.BENEFIT};
    int checked = 0;
    for (HouseholdRole role : HouseholdRole.values()) {
      for (int children = 0; children < 4; children++) {
        for (int t = 0; t < 2; t++) {
          double[] s = sums[role.ordinal()][children][t];
          if (s[0] < 200) {
            continue;
          }
          double p = HouseholdDemoModel.positiveProbability(targets[t], role, children);
          double share = s[1] / s[0];
          double se = Math.sqrt(Math.max(p * (1 - p), 1e-12) / s[0]);
          assertTrue(
              Math.abs(share - p) <= 4 * se + 1e-12,
              role + " children " + children + " " + targets[t] + ": " + share + " vs " + p);
          if (s[1] >= 100) {
            double mean = s[2] / s[1];
            double variance = s[3] / s[1] - mean * mean;
            double truth = HouseholdDemoModel.positiveMean(targets[t], role, children);
            assertTrue(
                Math.abs(mean - truth) <= 4 * Math.sqrt(variance / s[1]),
                role
                    + " children "
                    + children
                    + " "
                    + targets[t]
                    + " mean "
                    + mean
                    + " vs "
                    + truth);
          }
          checked++;
        }
      }
    }
    assertTrue(checked >= 20, "cells checked: " + checked);
  }

  @Test
  void compositionIsConsistentAndReproducible() {
    List<GenericRecord> first = HouseholdDemoPopulation.withSeed(9).household(41);
    List<GenericRecord> again = HouseholdDemoPopulation.withSeed(9).household(41);

    assertEquals(first, again);
    assertEquals("head", first.get(0).get("role").toString());
    for (GenericRecord person : first) {
      boolean child = person.get("role").toString().equals("child");
      assertEquals(child, (Integer) person.get("age") < 18, person.toString());
      assertEquals(first.get(0).get("weight"), person.get("weight"));
      if (child) {
        assertEquals(0.0, person.get(HouseholdDemoModel.WAGE));
      }
    }
  }

  private static void accumulate(List<GenericRecord> household, double[][][][] sums) {
    int children = 0;
    for (GenericRecord person : household) {
      children += person.get("role").toString().equals("child") ? 1 : 0;
    }
    for (GenericRecord person : household) {
      HouseholdRole role = HouseholdRole.fromLabel(person.get("role").toString());
      String[] targets = {HouseholdDemoModel.WAGE, HouseholdDemoModel.BENEFIT};
      for (int t = 0; t < 2; t++) {
        double x = (Double) person.get(targets[t]);
        double[] s = sums[role.ordinal()][children][t];
        s[0]++;
        if (x > 0) {
          s[1]++;
          s[2] += x;
          s[3] += x * x;
        }
      }
    }
  }
}
