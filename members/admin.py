from .newsletters import admin as newsletters_admin  # noqa: F401 - registers its models
