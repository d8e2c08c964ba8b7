"""The commands of the ``peacekg`` command line, one module per family of commands.

Each module defines click commands (a few lines each over the library, which they import
when they run, so that ``peacekg --help`` starts fast) and lists them in ``COMMANDS``;
:mod:`peacekg.cli` adds them to the ``peacekg`` group. :mod:`~peacekg.commands.options`
holds what they share.
"""
