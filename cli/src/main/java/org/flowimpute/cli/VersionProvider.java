package org.flowimpute.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version from the jar manifest, or says "development build" when run from classes. */
final class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = FlowImpute.class.getPackage().getImplementationVersion();
    return new String[] {"flowimpute " + (version == null ? "development build" : version)};
  }
}
