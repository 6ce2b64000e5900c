"""The course's complete example application: a tea shop (茶叶店) in ``shop/``, with its
migrations and its tests. The course's last notebook walks through it file by file.

Run every command from the repository root (see ``shop/__init__.py``).
"""
