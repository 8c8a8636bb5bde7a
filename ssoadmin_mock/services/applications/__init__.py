"""Applications of IAM Identity Center and everything configured on them.

- `store`: the application records and their indexes (`ApplicationStore`), shared by the
  services below;
- `providers`: the application provider catalogue (`ApplicationProviders`);
- `applications`: Create/Describe/Update/Delete/ListApplications (`Applications`);
- `assignments`: application assignments and assignment configuration
  (`ApplicationAssignments`);
- `settings`: access scopes, authentication methods, grants and session configuration
  (`ApplicationSettings`), with the request checks of `checks`.
"""
