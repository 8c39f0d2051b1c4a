"""Build hook: a built wheel carries the checkout's `schemes/` and `models/` inside the package.

They live at the top of the checkout (the project's layout), outside `src/marker/`, so package data
cannot name them. An editable install reads them where they are; a wheel (`pip install .`, or one
built for a school's machines) copies them to `marker/bundled/`, where `marker.paths` looks first.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

BUNDLED_FOLDERS = ("schemes", "models")  # marker.paths reads them from marker/bundled/


class BuildWithBundledData(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        checkout = Path(__file__).resolve().parent
        for name in BUNDLED_FOLDERS:
            target = Path(self.build_lib, "marker", "bundled", name)
            shutil.rmtree(target, ignore_errors=True)  # a file deleted since the last build must not linger in build/
            shutil.copytree(checkout / name, target)


setup(cmdclass={"build_py": BuildWithBundledData})
