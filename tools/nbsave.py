"""Old name of tools/save_outputs.py, kept while notebooks are being edited."""

import sys

from tools.save_outputs import main

sys.exit(main(sys.argv[1:]))
