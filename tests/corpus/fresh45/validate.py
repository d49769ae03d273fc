#!/usr/bin/env python3
"""This split's check: ../validate.py run on this folder."""
import pathlib, runpy, sys
sys.argv[1:] = [str(pathlib.Path(__file__).resolve().parent)]
runpy.run_path(str(pathlib.Path(__file__).resolve().parents[1] / "validate.py"), run_name="__main__")
