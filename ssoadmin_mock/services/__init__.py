"""The domains of sso-admin, one service each.

A service owns its store and is handed the services it uses when it is built
(`ssoadmin_mock.backend` wires them for one account and region). Its operation handlers are
methods registered with `ssoadmin_mock.operations.operation`.
"""
