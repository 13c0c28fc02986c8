"""Users, roles, unit membership and the permission checks every surface uses."""
