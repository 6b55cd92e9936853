"""``vps-snapshots``: one command per operation of the document, and ``wait``.

The commands are made at start from the bundle (`snapshots_cli.bundle`): an operation's verb is
the command, its summary and description the help, its path parameters the arguments, its
query parameters and request body properties the options, typed and checked by their schemas;
the help is in the language of ``LANGUAGE``/``LC_ALL``/``LC_MESSAGES``/``LANG`` when the
bundle has it (English and Belarusian). The calls go through the Python client's
`SnapshotsClient` (typed errors, retries, timeouts, waiting); failures exit with the codes of
`snapshots_cli.failures`.
"""

from __future__ import annotations

import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click
from vps_snapshots_client.exceptions import SnapshotsError
from vps_snapshots_client.sdk import DEFAULT_POLL_INTERVAL, DEFAULT_WAIT_DEADLINE, SnapshotsClient

from snapshots_cli import bundle as bundles
from snapshots_cli import failures, output, settings
from snapshots_cli.bundle import Bundle, Operation, Parameter
from snapshots_cli.target import COMMAND

Json = Any


def param_type(schema: Json) -> click.ParamType[Any, Any]:
    """An integer or a string, as the schema's type says. The schema's other rules (ranges,
    lengths, patterns) are the API's to judge: it answers `invalid_parameters` naming the field,
    the command exits with that code, and no rule is checked twice with two wordings."""
    kinds = schema.get("type")
    kinds = {kinds} if isinstance(kinds, str) else set(kinds or ())
    return click.INT if "integer" in kinds else click.STRING


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def _parameter(parameter: Parameter, language: str) -> click.Parameter:
    kind = param_type(parameter.schema)
    if parameter.where == "path":
        return click.Argument([parameter.name], type=kind, required=True)
    return click.Option(
        [_flag(parameter.name), parameter.name],
        type=kind,
        required=parameter.required,
        help=parameter.description[language],
    )


def _arguments_help(operation: Operation, language: str, heading: str) -> str:
    """The path parameters' descriptions (click shows no help for arguments)."""
    rows = [
        f"  {p.name.upper()}  {p.description[language]}"
        for p in operation.parameters
        if p.where == "path"
    ]
    return "\b\n" + "\n".join([heading, *rows]) if rows else ""


class Runner:
    """What every command shares: the settings, the output mode and how it fails."""

    def __init__(self, bundle: Bundle, language: str) -> None:
        self.bundle = bundle
        self.language = language
        self.json = False
        self.base_url: str | None = None
        self.config: Path | None = None
        self.timeout: float | None = None

    def text(self, key: str, **values: Any) -> str:
        return self.bundle.text(key, self.language).format(**values)

    def fail(self, failure: failures.Failure) -> NoReturn:
        shown = output.to_json(failure.as_json()) if self.json else failure.for_people()
        click.echo(shown, err=True)
        sys.exit(failure.exit_code)

    def client(self) -> SnapshotsClient:
        try:
            found = settings.resolve(
                base_url=self.base_url,
                config=self.config,
                default_base_url=self.bundle.default_base_url,
            )
        except settings.SettingsError as error:
            self.fail(failures.Failure(failures.CONFIGURATION, "configuration", str(error)))
        if self.timeout is None:
            return SnapshotsClient(token=found.token, base_url=found.base_url)
        return SnapshotsClient(
            token=found.token,
            base_url=found.base_url,
            timeout=self.timeout,
            total_timeout=self.timeout,
        )

    def call(self, action: Callable[[SnapshotsClient], Json]) -> Json:
        with self.client() as client:
            try:
                return action(client)
            except SnapshotsError as error:
                self.fail(failures.failure(error))

    def show(self, value: Json) -> None:
        click.echo(output.to_json(value) if self.json else output.table(value))

    def confirm(self, operation: Operation, snapshot_id: object, yes: bool) -> None:
        if yes:
            return
        if not sys.stdin.isatty():
            text = self.text("refused", command=operation.command)
            self.fail(failures.Failure(failures.ABORTED, "aborted", text))
        question = self.text("confirm", command=operation.command, snapshot_id=snapshot_id)
        if not click.confirm(question, default=False, err=True):
            self.fail(failures.Failure(failures.ABORTED, "aborted", self.text("aborted")))


def operation_command(runner: Runner, operation: Operation) -> click.Command:
    language = runner.language
    params = [_parameter(p, language) for p in operation.parameters]
    if operation.destructive:
        params.append(click.Option(["--yes", "-y"], is_flag=True, help=runner.text("option.yes")))
    names = [p.name for p in operation.parameters]

    def run(**values: Any) -> None:
        yes = bool(values.pop("yes", False))
        arguments = {name: values[name] for name in names if values.get(name) is not None}
        if operation.destructive:
            runner.confirm(operation, arguments.get("snapshot_id", ""), yes)
        method = getattr(SnapshotsClient, operation.tool)
        result = runner.call(lambda client: method(client, **arguments))
        if result is None:  # a delete's 204
            if runner.json:
                runner.show({**arguments, "deleted": True})
            else:
                click.echo(runner.text("deleted", snapshot_id=arguments.get("snapshot_id")))
            return
        runner.show(result.to_dict())

    help_text = "\n\n".join(
        part
        for part in (
            operation.summary[language],
            operation.description[language],
            _arguments_help(operation, language, runner.text("arguments")),
        )
        if part
    )
    return click.Command(
        operation.command,
        callback=run,
        params=params,
        help=help_text,
        short_help=operation.summary[language],
    )


def wait_command(runner: Runner) -> click.Command:
    def run(snapshot_id: int, server_id: int | None, deadline: float, poll_interval: float) -> None:
        outcome: dict[str, Any] = {}
        client = runner.client()

        def wait() -> None:
            try:
                outcome["snapshot"] = client.wait_for_snapshot(
                    snapshot_id, server_id=server_id, deadline=deadline, poll_interval=poll_interval
                )
            except SnapshotsError as error:
                outcome["error"] = error

        # The layer's own wait runs in a thread so that this one can draw the progress; a daemon,
        # so that Ctrl-C ends the command at once.
        with client:
            thread = threading.Thread(target=wait, daemon=True)
            thread.start()
            if sys.stderr.isatty():
                started = time.monotonic()
                label = runner.text("progress", snapshot_id=snapshot_id)
                length = max(1, int(deadline))
                with click.progressbar(
                    length=length, label=label, file=sys.stderr, show_eta=False
                ) as bar:
                    while thread.is_alive():
                        thread.join(0.2)
                        bar.update(min(int(time.monotonic() - started), length) - bar.pos)
            thread.join()
        if "error" in outcome:
            runner.fail(failures.failure(outcome["error"]))
        runner.show(outcome["snapshot"].to_dict())

    ids = click.IntRange(1, None)
    return click.Command(
        "wait",
        callback=run,
        help=runner.text("wait"),
        short_help=runner.text("wait").split(". ")[0] + ".",
        params=[
            click.Argument(["snapshot_id"], type=ids),
            click.Option(["--server-id"], type=ids, help=runner.text("wait.server_id")),
            click.Option(
                ["--deadline"],
                type=click.FloatRange(0, None),
                default=DEFAULT_WAIT_DEADLINE,
                show_default=True,
                help=runner.text("wait.deadline"),
            ),
            click.Option(
                ["--poll-interval"],
                type=click.FloatRange(0, None, min_open=True),
                default=DEFAULT_POLL_INTERVAL,
                show_default=True,
                help=runner.text("wait.poll_interval"),
            ),
        ],
    )


def _print_version(bundle: Bundle) -> Callable[[click.Context, click.Parameter, bool], None]:
    def show(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
        if value:
            click.echo(f"{COMMAND} {bundle.version}")
            ctx.exit(0)

    return show


def build(bundle: Bundle, language: str) -> click.Group:
    """The ``vps-snapshots`` group for `bundle`, its help in `language`."""
    runner = Runner(bundle, language)

    def configure(
        base_url: str | None, config: Path | None, json: bool, timeout: float | None
    ) -> None:
        runner.base_url, runner.config, runner.json, runner.timeout = (
            base_url,
            config,
            json,
            timeout,
        )

    group = click.Group(
        COMMAND,
        callback=configure,
        help=f"{bundle.title} {bundle.version}\n\n{runner.text('group')}",
        params=[
            click.Option(["--base-url"], metavar="URL", help=runner.text("option.base_url")),
            click.Option(
                ["--config"],
                type=click.Path(path_type=Path, dir_okay=False),
                help=runner.text("option.config"),
            ),
            click.Option(["--json", "json"], is_flag=True, help=runner.text("option.json")),
            click.Option(
                ["--version"],
                is_flag=True,
                expose_value=False,
                is_eager=True,
                callback=_print_version(bundle),
                help="Show the version and exit.",
            ),
            click.Option(
                ["--timeout"],
                type=click.FloatRange(0, None, min_open=True),
                metavar="SECONDS",
                help=runner.text("option.timeout"),
            ),
        ],
        context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    )
    for operation in bundle.operations:
        group.add_command(operation_command(runner, operation))
    group.add_command(wait_command(runner))
    return group


def _interrupted(_signal: int, _frame: object) -> NoReturn:
    # Not a KeyboardInterrupt: click's standalone mode turns that into "Aborted!" and exit 1, the
    # code of a declined confirmation, where docs/cli.md promises 130 for a Ctrl-C. Nothing is
    # written here: the signal may come in the middle of a write to stderr (the progress bar's),
    # and a second write from the handler is refused as a reentrant call.
    raise SystemExit(failures.INTERRUPTED)


def main(argv: list[str] | None = None) -> None:
    signal.signal(signal.SIGINT, _interrupted)
    bundle = bundles.load()
    group = build(bundle, bundles.language(bundle))
    try:
        group.main(args=argv, prog_name=COMMAND)
    except SystemExit as exit:
        if exit.code == failures.INTERRUPTED:
            click.echo("", err=True)  # the terminal's next prompt on a line of its own
        raise
