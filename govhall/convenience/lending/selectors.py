"""lending: reads, scoped to what the actor may see."""
