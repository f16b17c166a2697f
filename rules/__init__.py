"""nodeless rules: the engine, the rules and the provider profiles. No network, no Kubernetes client."""
