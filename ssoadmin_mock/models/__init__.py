"""The domains not yet moved to `ssoadmin_mock.services`, as mixins of the backend."""
