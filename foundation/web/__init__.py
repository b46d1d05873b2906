"""The form kit: one way for a form view to answer, one field template, one
pagination partial. Every app's pages use it, so a fix to error ids or to
the pagination's links lands once for every form and list."""
