"""The command line: parse arguments, call the package, print errors, choose the exit code."""

from __future__ import annotations

import argparse
import gc
import os
import re
import sys
from functools import partial
from pathlib import Path
from typing import Any, NoReturn, Sequence

from ..content.errors import ContentErrors
from ..i18n import DEFAULT_LANGUAGE, Catalogue, available_languages, load_catalogue
from ..build.builder import PROJECT_DIR, BuildOptions, Builder, build_date
from ..build.cache import claim_cache_folder, may_keep_cache_in
from ..build.write import OutputUnwritable, UnsafeOutput
from .exitcodes import EXIT_CONTENT, EXIT_OK, EXIT_USAGE


class UsageError(Exception):
    """A mistake in how the command was called (exit code 2)."""


# argparse's own messages (Python 3.11), said in the catalogue's words: a Humas editor reads Indonesian.
_ARGPARSE_MESSAGES = (
    (re.compile(r"unrecognized arguments: (?P<args>.+)"), "usage_unrecognized"),
    (re.compile(r"the following arguments are required: (?P<args>.+)"), "usage_required"),
    (re.compile(r"argument (?P<argument>\S+): invalid choice: (?P<value>.+) \(choose from (?P<choices>.+)\)"),
     "usage_invalid_choice"),
    (re.compile(r"argument (?P<argument>\S+): expected one argument"), "usage_expected_value"),
    (re.compile(r"argument (?P<argument>\S+): invalid (?P<kind>\w+) value: (?P<value>.+)"), "usage_invalid_value"),
)


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout, its "usage: " said in the catalogue's words."""

    def __init__(self, prog: str, *, usage_prefix: str = "usage: ", **kwargs: Any) -> None:
        super().__init__(prog, **kwargs)
        self.usage_prefix = usage_prefix

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, self.usage_prefix if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse, its help and its mistakes said in the language of the messages (--lang, else
    Indonesian: a Humas editor reads Indonesian), mistakes with exit code 2."""

    def __init__(self, *args: Any, language: str = DEFAULT_LANGUAGE, **kwargs: Any) -> None:
        words = load_catalogue(language).commands
        super().__init__(*args, add_help=False, **kwargs,
                         formatter_class=partial(_Formatter, usage_prefix=words["usage_prefix"]))
        self.language = language
        self._positionals.title, self._optionals.title = words["positionals"], words["options"]
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=words["help"])

    def error(self, message: str) -> None:  # type: ignore[override]
        cat = load_catalogue(self.language)
        for pattern, key in _ARGPARSE_MESSAGES:
            found = pattern.fullmatch(message)
            if found:
                message = cat.error(key, prog=self.prog, **found.groupdict())
                break
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"build.py: error: {message}\n")


def _language_asked(argv: Sequence[str]) -> str:
    """The language --lang names in a command line not yet parsed (its mistakes are said in it)."""
    for i, arg in enumerate(argv):
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        else:
            value = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else None
        if value in available_languages():
            return value
    return DEFAULT_LANGUAGE


def _content_options(parser: argparse.ArgumentParser, words: dict[str, str], with_out: bool = True) -> None:
    parser.add_argument("--content", type=Path, default=Path("content"), help=words["content"])
    if with_out:
        parser.add_argument("--out", type=Path, default=Path("output"), help=words["out"])
    parser.add_argument("--lang", choices=available_languages(), default=DEFAULT_LANGUAGE, help=words["lang"])


def _national_option(parser: argparse.ArgumentParser, words: dict[str, str], key: str = "national") -> None:
    parser.add_argument("--national", type=Path, metavar="FILE", help=words[key])
    # --content's default is only known as such when it was not written: given with --national, it would
    # be ignored without a word (national.yaml names the region folders), so it is refused instead.
    parser.set_defaults(content=None)


def content_or_national(args: argparse.Namespace, cat: Catalogue) -> None:
    """--content and --national together are a usage error; --content alone defaults to content."""
    if args.national is not None and args.content is not None:
        raise UsageError(cat.error("usage_content_with_national", content=args.content, national=args.national))
    if args.content is None:
        args.content = Path("content")


def make_parser(language: str = DEFAULT_LANGUAGE) -> argparse.ArgumentParser:
    words = load_catalogue(language).commands
    parser = _Parser(prog="build.py", language=language, description=words["description"])
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=partial(_Parser, language=language))
    p = sub.add_parser("build", help=words["build"])
    _content_options(p, words)
    p.add_argument("--base-url", help=words["base_url"])
    p.add_argument("--repository", metavar="URL", help=words["repository"])
    p.add_argument("--branch", help=words["branch"])
    p.add_argument("--cache", type=Path, metavar="DIR", help=words["cache"])
    _national_option(p, words)
    p = sub.add_parser("check", help=words["check"])
    _content_options(p, words, with_out=False)
    _national_option(p, words)
    p.add_argument("--format", choices=["text", "github"], default="text", help=words["format_check"])
    p.add_argument("--changed", nargs="*", type=Path, metavar="FILE", help=words["changed"])
    p = sub.add_parser("serve", help=words["serve"])
    _content_options(p, words)
    p.add_argument("--host", default="127.0.0.1", help=words["host"])
    p.add_argument("--port", type=int, default=8000, help=words["port"])
    p.add_argument("--no-browser", action="store_true", help=words["no_browser"])
    _national_option(p, words)
    p = sub.add_parser("report", help=words["report"])
    _content_options(p, words, with_out=False)
    p.add_argument("--format", choices=["text", "csv"], default="text", help=words["format_report"])
    p = sub.add_parser("diff", help=words["diff"])
    p.add_argument("base", metavar="BASE", help=words["base"])
    _content_options(p, words, with_out=False)
    p.add_argument("--format", choices=["text", "markdown"], default="text", help=words["format_diff"])
    _national_option(p, words, "national_diff")
    p = sub.add_parser("new", help=words["new"])
    p.add_argument("slug", help=words["slug"])
    p.add_argument("--content", type=Path, default=Path("content"), help=words["content_new"])
    p.add_argument("--name", help=words["name"])
    p.add_argument("--twitter", help=words["twitter"])
    p.add_argument("--lang", choices=available_languages(), default=DEFAULT_LANGUAGE, help=argparse.SUPPRESS)
    p = sub.add_parser("new-region", help=words["new_region"])
    p.add_argument("code", help=words["code"])
    p.add_argument("--national", type=Path, default=Path("national.yaml"), metavar="FILE", help=words["national_file"])
    p.add_argument("--lang", choices=available_languages(), default=DEFAULT_LANGUAGE, help=argparse.SUPPRESS)
    return parser


def print_errors(exc: ContentErrors, cat: Catalogue, fmt: str = "text", summary: str = "summary_errors") -> None:
    for error in exc.errors:
        print(error.format_github(cat) if fmt == "github" else error.format(cat), file=sys.stderr)
    print(cat.error(summary, n=len(exc.errors)), file=sys.stderr)


def check_folder(path: Path, cat: Catalogue) -> None:
    """--content names a content folder: site.yaml, or at least agencies/ (a missing site.yaml is then a
    mistake in the content, reported in its place); `--content content/agencies` is a usage mistake."""
    if not path.is_dir():
        raise UsageError(cat.error("usage_missing_folder", path=path))
    if not (path / "site.yaml").exists() and not (path / "agencies").is_dir():
        from .new import content_hint  # noqa: PLC0415 - the scaffold's guess, only when it is needed

        raise UsageError(f"{cat.error('usage_not_content_folder', path=path)}\n"
                         f"  {cat.error('label_hint')}: {content_hint(path, cat)}")


def check_out_folder(out: Path, cat: Catalogue) -> None:
    """--out names a folder of its own that can be made: not the file system's root, not a file, and not
    under a file (the staging folder beside it is made before anything is read)."""
    where = Path(os.path.abspath(out))
    if where.parent == where:
        raise UsageError(cat.error("usage_out_root", path=out))
    if where.exists() and not where.is_dir():
        raise UsageError(cat.error("usage_out_not_folder", path=out))
    above = next((p for p in where.parents if os.path.lexists(p)), None)
    if above is not None and not above.is_dir():
        raise UsageError(cat.error("usage_out_under_file", path=out, file=above))


def check_cache_folder(args: argparse.Namespace, cat: Catalogue) -> None:
    """--cache names a folder of its own: not a file, not the output, content, templates or static folder,
    nor inside or around one of them, and not a folder of someone else's files. Then it is claimed (made,
    with its marker)."""
    path = args.cache
    if path is None:
        return
    if path.exists() and not path.is_dir():
        raise UsageError(cat.error("usage_cache_not_folder", path=path))
    cache = Path(os.path.realpath(path))
    # Both ways: the cache in one of them is published or committed; one of them in the cache is written over.
    both = [args.out, PROJECT_DIR / "templates", PROJECT_DIR / "static"]
    both += [args.content] if args.national is None else []
    # A national build's cache may sit beside the region folders (make national: .cache/…), not around them.
    around = [args.national.parent] if args.national is not None else []
    for folder, inside_too in [(f, True) for f in both] + [(f, False) for f in around]:
        other = Path(os.path.realpath(folder))
        if cache == other or cache in other.parents or (inside_too and other in cache.parents):
            shown = os.path.relpath(folder)  # the project's templates/static as the user sees them
            raise UsageError(cat.error("usage_cache_overlaps", path=path, folder=folder if shown.startswith("..") else shown))
    if not may_keep_cache_in(path):
        raise UsageError(cat.error("usage_cache_not_ours", path=path))
    try:
        claim_cache_folder(path)
    except OSError as exc:  # under a file, on a read-only file system, no permission
        raise UsageError(cat.error("usage_cache_unwritable", path=path, reason=exc.strerror or exc)) from None


def check_base_url(url: str | None, cat: Catalogue) -> None:
    if url is None:
        return
    # Imported here, as the reader below: a build with nothing changed needs neither (jsonschema is slow to import).
    from ..content.validate import load_schema  # noqa: PLC0415

    pattern = load_schema("site")["properties"]["base_url"]["pattern"]
    if not re.fullmatch(pattern, url):
        raise UsageError(cat.error("usage_bad_base_url", url=url))


def build_repository(args: argparse.Namespace, cat: Catalogue) -> tuple[str, str] | None:
    """--repository and --branch (the repository the CI run builds, e.g. a fork): (URL, branch), or None
    to keep the one site.yaml (national.yaml) names. Checked against site.yaml's own rules for them."""
    if args.repository is None:
        if args.branch is not None:
            raise UsageError(cat.error("usage_branch_without_repository", branch=args.branch))
        return None
    from ..content.validate import load_schema  # noqa: PLC0415 - as in check_base_url

    rules = load_schema("site")["properties"]["repository"]["properties"]
    if not re.fullmatch(rules["url"]["pattern"], args.repository):
        raise UsageError(cat.error("usage_bad_repository", url=args.repository))
    branch = args.branch or "main"
    if not re.fullmatch(rules["branch"]["pattern"], branch):
        raise UsageError(cat.error("usage_bad_branch", branch=branch))
    return args.repository, branch


def run_build(args: argparse.Namespace, cat: Catalogue) -> int:
    check_base_url(args.base_url, cat)
    check_out_folder(args.out, cat)
    args.repository = build_repository(args, cat)
    if args.national is None:
        check_folder(args.content, cat)
    check_cache_folder(args, cat)
    if args.national is not None:
        return run_national_build(args, cat)
    result = Builder(BuildOptions(args.content, args.out, base_url=args.base_url, repository=args.repository,
                                   cache=args.cache)).build()
    summary = "summary_up_to_date" if result.up_to_date else "summary_built"
    print(cat.error(summary, agencies=result.agencies, files=result.stats.files, out=args.out,
                    seconds=f"{result.seconds:.2f}"))
    return EXIT_OK


def run_national_build(args: argparse.Namespace, cat: Catalogue) -> int:
    from ..build.national import NationalBuilder, NationalOptions  # noqa: PLC0415

    check_national_file(args.national, cat)
    result = NationalBuilder(NationalOptions(args.national, args.out, base_url=args.base_url,
                                                   repository=args.repository, cache=args.cache)).build()
    summary = "summary_up_to_date" if result.up_to_date else "summary_built"
    print(cat.error(summary, agencies=result.agencies, files=result.stats.files, out=args.out,
                    seconds=f"{result.seconds:.2f}"))
    return EXIT_OK


def check_national_file(path: Path, cat: Catalogue) -> None:
    if path.is_dir():  # "regions" for "national.yaml": the folder exists, the message must not say it does not
        raise UsageError(cat.error("usage_national_is_folder", path=path))
    if not path.is_file():
        raise UsageError(cat.error("usage_missing_file", path=path))


def run_check(args: argparse.Namespace, cat: Catalogue) -> int:
    if args.national is not None:
        from ..build.national import NationalBuilder, NationalOptions  # noqa: PLC0415

        check_national_file(args.national, cat)
        agencies = NationalBuilder(NationalOptions(args.national, Path("output"))).check(args.changed)
        print(cat.error("summary_checked", agencies=agencies))
        return EXIT_OK
    check_folder(args.content, cat)
    if args.changed is None:
        directory = Builder(BuildOptions(args.content, Path("output"))).read()
    else:
        from ..content.reader import read_directory  # noqa: PLC0415

        directory = read_directory(args.content, build_date(), changed=args.changed)
    print(cat.error("summary_checked", agencies=len(directory.agencies)))
    return EXIT_OK


def run_serve(args: argparse.Namespace, cat: Catalogue) -> int:
    from .serve import serve  # noqa: PLC0415 - livereload is only needed here

    check_out_folder(args.out, cat)

    if not 1 <= args.port <= 65535:  # the system would take 99999 as 34463, and 0 as any free port
        raise UsageError(cat.error("usage_bad_port", port=args.port))

    if args.national is not None:
        from ..build.national import NationalBuilder, NationalOptions  # noqa: PLC0415

        check_national_file(args.national, cat)
        builder = NationalBuilder(NationalOptions(args.national, args.out), workers=1, keep=True)
        folders = [region.folder for region in builder.read().regions]  # ContentErrors: exit 1, as build
        watch = [args.national, *folders, builder.options.templates, builder.options.static]
        return serve(BuildOptions(args.national.parent, args.out), host=args.host, port=args.port,
                     open_browser=not args.no_browser, cat=cat, builder=builder, watch=watch)
    check_folder(args.content, cat)
    return serve(BuildOptions(args.content, args.out), host=args.host, port=args.port,
                 open_browser=not args.no_browser, cat=cat)


def run_report(args: argparse.Namespace, cat: Catalogue) -> int:
    from .new import listed_in_national  # noqa: PLC0415
    from .report import report_csv, report_text  # noqa: PLC0415

    check_folder(args.content, cat)
    if args.content != Path("content") and listed_in_national(args.content, Path("national.yaml")):
        # A region of the national directory is read as its build reads it: a Humas without an active
        # account yet is not a dead end there (complaints go on to the province and LAPOR!), and is
        # exactly what the report is for.
        from ..content.reader import read_directory  # noqa: PLC0415

        directory = read_directory(args.content, build_date(), chain_continues=True)
    else:
        directory = Builder(BuildOptions(args.content, Path("output"))).read()
    sys.stdout.write((report_csv if args.format == "csv" else report_text)(directory, cat))
    return EXIT_OK


def run_diff(args: argparse.Namespace, cat: Catalogue) -> int:
    from .diff import GitError, run_diff as summary, run_diff_national  # noqa: PLC0415

    if args.national is not None:
        check_national_file(args.national, cat)
    else:
        check_folder(args.content, cat)
    try:
        if args.national is not None:  # every region folder national.yaml names that the change touches
            sys.stdout.write(run_diff_national(args.base, args.national, args.format, cat))
        else:
            sys.stdout.write(summary(args.base, args.content, build_date(), args.format, cat))
    except GitError as exc:
        raise UsageError(cat.error("diff_usage_git", revision=args.base, reason=exc)) from None
    return EXIT_OK


def run_new(args: argparse.Namespace, cat: Catalogue) -> int:
    from .new import write_new_agency  # noqa: PLC0415

    return write_new_agency(args, cat)


def run_new_region(args: argparse.Namespace, cat: Catalogue) -> int:
    from .newregion import write_new_region  # noqa: PLC0415

    return write_new_region(args, cat)


COMMANDS = {"build": run_build, "check": run_check, "serve": run_serve, "new": run_new,
            "new-region": run_new_region, "report": run_report, "diff": run_diff}


def _unknown_command(command: str, cat: Catalogue) -> int:
    """`python build.py chek`: the command is named, with the one it may be meant for."""
    import difflib  # noqa: PLC0415

    guess = difflib.get_close_matches(command, list(COMMANDS), n=1, cutoff=0.6)
    key = "usage_unknown_command_guess" if guess else "usage_unknown_command"
    message = cat.error(key, command=command, guess=guess[0] if guess else "", commands=", ".join(COMMANDS))
    print(f"build.py: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and not argv[0].startswith("-") and argv[0] not in COMMANDS:
        return _unknown_command(argv[0], load_catalogue(_language_asked(argv)))
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help")):
        argv.insert(0, "build")  # `python build.py` alone builds, and so does `python build.py --content …`
    args = make_parser(_language_asked(argv)).parse_args(argv)
    command = args.command
    # A build makes millions of objects and keeps hundreds of thousands (20,000 agencies, their parts
    # and keys), almost none in cycles: at the default thresholds the collector walked that heap again
    # and again, about a sixth of a one-change build's CPU at 20,000 (docs/engine.md).
    gc.set_threshold(50_000, 20, 20)
    cat = load_catalogue(getattr(args, "lang", DEFAULT_LANGUAGE))
    try:
        if command in ("build", "check", "serve", "diff"):
            content_or_national(args, cat)
        return COMMANDS[command](args, cat)
    except ContentErrors as exc:
        # Only a build leaves the last correct site in place; check (and report, diff) never build.
        print_errors(exc, cat, "github" if getattr(args, "format", "") == "github" else "text",
                     "summary_errors" if command in ("build", "serve") else "summary_errors_check")
        return EXIT_CONTENT
    except UsageError as exc:
        print(f"build.py: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except UnsafeOutput as exc:
        print(f"build.py: error: {cat.error('usage_unsafe_output', path=exc)}", file=sys.stderr)
        return EXIT_USAGE
    except OutputUnwritable as exc:
        print(f"build.py: error: {cat.error('usage_out_unwritable', path=exc.args[0], reason=exc.args[1])}",
              file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def exit_with(argv: Sequence[str] | None = None) -> NoReturn:
    """Run a command and end the process with its exit code, without freeing what it built object by
    object: at 20,000 agencies the interpreter's clean-up took over a second after the work was done
    (docs/engine.md). Every file is closed and every worker joined by then; only output is flushed.
    Under a profiler or a coverage tracer the process ends as usual, so that they write their reports."""
    code = main(argv)
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`build.py | head`): nothing more can be said
            pass
    os._exit(code)


__all__ = ["main", "exit_with", "PROJECT_DIR", "build_date"]
