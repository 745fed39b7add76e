"""One module per benchmark of the issue, each `run(bench) -> SuiteResult`."""
