"""Applications for electricity (业扩报装): the application, its documents and its stage records."""
