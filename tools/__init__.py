"""The course's maintainer tools: produce files (saved outputs, navigation, HTML) and
reports (timings, drift). Pass/fail checks live in ``tests/``; what the tools and the
tests share about notebooks (where they are, their tags, how one is run and normalised)
lives in ``tools.notebooks``. Run a tool with ``python3 course.py COMMAND``.
"""
