package org.flowimpute.demo;

/**
 * One cell of the exact demographic distribution of a generated person.
 *
 * @param demographics the cell
 * @param probability the probability that a generated person has exactly these demographics
 */
public record WeightedDemographics(Demographics demographics, double probability) {}
