"""The active policy, the decision log and the simulator, for audit teams."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query

from chatsignals.api.deps import ContainerDep, Ctx, require
from chatsignals.services.decision_log import recent_decisions
from chatsignals.services.errors import InvalidInput
from chatsignals.services.ports import JSONDict
from chatsignals.services.scenario import ScenarioError, parse_scenario

router = APIRouter(tags=["audit"])


@router.get("/v1/policy", dependencies=[require("auditor", "platform")])
def get_policy(ctx: Ctx) -> JSONDict:
    return ctx.preset.describe()


@router.get("/v1/decisions", dependencies=[require("auditor")])
def list_decisions(ctx: Ctx, limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> JSONDict:
    """The newest policy decisions with their rule and reason, and counts by rule."""
    return recent_decisions(ctx, limit)


@router.post("/v1/simulations", dependencies=[require("auditor")])
def run_simulation(
    container: ContainerDep, scenario: Annotated[dict[str, Any], Body()]
) -> JSONDict:
    """Replay a scenario (the ``chatsignals simulate`` format) on a temporary store."""
    from chatsignals.bootstrap import build_simulator

    try:
        parsed = parse_scenario(scenario)
        lines = build_simulator(container.settings, container.ctx.extractor).run(parsed)
    except ScenarioError as exc:
        raise InvalidInput(str(exc), exc.field) from None
    return {"lines": lines}
