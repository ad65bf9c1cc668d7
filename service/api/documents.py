"""JSON API for documents (公文): a proposal's notices, downloads, and regeneration."""

from __future__ import annotations

from flask import Response
from flask_smorest import Blueprint
from marshmallow import RAISE, Schema, fields

from service.api.auth import current_actor
from service.clock import current_clock
from service.db import current_session, unit_of_work
from service.documents.snapshot import described
from service.documents.storage import read_pdf
from service.documents.word_out import DOCX_TYPE
from service.operations import documents
from service.validation import choice
from service.vocabulary import DOCUMENT_KINDS

blp = Blueprint(
    "documents", __name__, url_prefix="/api/v1", description="公文：通知书、答复函等 PDF"
)


class DocumentSchema(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    kind_label = fields.String()
    status = fields.String(required=True)
    sha256 = fields.String(allow_none=True, required=True)
    created_at = fields.DateTime(required=True)
    rendered_at = fields.DateTime(allow_none=True)
    assignment_id = fields.Integer(allow_none=True)
    supersedes_id = fields.Integer(allow_none=True)
    error = fields.String(allow_none=True)
    size = fields.Integer(allow_none=True)
    unit_name = fields.String(allow_none=True, metadata={"description": "写给或写自哪家承办单位"})
    round = fields.Integer(
        allow_none=True, metadata={"description": "答复函答复的是第几轮办理（再次答复为 2）"}
    )


def present(document, zone) -> dict:
    return {
        "id": document.id,
        "kind": document.kind,
        "status": document.status,
        "kind_label": DOCUMENT_KINDS.get(document.kind, document.kind),
        "sha256": document.sha256,
        "created_at": document.created_at.astimezone(zone),
        "rendered_at": document.rendered_at and document.rendered_at.astimezone(zone),
        "assignment_id": document.assignment_id,
        "supersedes_id": document.supersedes_id,
        "error": document.error,
        "size": document.size,
        **described(document),
    }


@blp.route("/proposals/<int:proposal_id>/documents", methods=["GET"])
@blp.response(200, DocumentSchema(many=True))
def list_documents(proposal_id: int):
    """提案的公文：当前用户可读的，按生成先后，不分页

    `status` 为 `pending`（生成中）、`ready`（可下载）或 `failed`（生成失败，原因见 `error`）；
    `supersedes_id` 为重新生成时所替代的公文。
    """
    session = current_session()
    zone = session.info["settings"].zone
    rows = documents.documents_of(session, proposal_id, actor=current_actor(session))
    return [present(d, zone) for d in rows]


class DownloadArgs(Schema):
    format = choice("格式", ("pdf", "docx"), required=False, load_default="pdf")


@blp.route("/documents/<int:document_id>", methods=["GET"])
@blp.arguments(DownloadArgs, location="query", unknown=RAISE)
@blp.response(200, content_type="application/pdf", description="PDF（`format=docx` 时为 `.docx`）")
def download(args, document_id: int):
    """下载公文 PDF，或答复函的可编辑 `.docx`

    默认下载 PDF：公文尚在生成（`pending`）或生成失败（`failed`）时答 409；响应头 `ETag` 为 PDF
    的 `SHA-256` 值。`format=docx` 给出答复函的 `.docx`（与 PDF 同一份快照、同样的版式，便于
    承办单位走本单位发文流程），其他公文答 422；`format` 为其他值答 422。
    """
    session = current_session()
    if args["format"] == "docx":
        document, data = documents.word_document(session, document_id, actor=current_actor(session))
        return Response(
            data,
            mimetype=DOCX_TYPE,
            headers={"Content-Disposition": documents.content_disposition(document, "docx")},
        )
    document = documents.ready_document(session, document_id, actor=current_actor(session))
    return Response(
        read_pdf(session, document),
        mimetype="application/pdf",
        headers={
            "Content-Disposition": documents.content_disposition(document),
            "ETag": document.sha256,
        },
    )


@blp.route("/proposals/<int:proposal_id>/form", methods=["GET"])
@blp.arguments(DownloadArgs, location="query", unknown=RAISE)
@blp.response(200, content_type="application/pdf", description="PDF（`format=docx` 时为 `.docx`）")
def proposal_form(args, proposal_id: int):
    """打印提案表：PDF 或可编辑的 `.docx`

    按提案当前的内容即时生成，不存档、不计入公文。能看到该提案的用户均可打印；提案人的联系电话
    和电子邮箱按提案详情的规则显示（无权查看时打印“—”）。默认 PDF，`format=docx` 为可编辑的
    `.docx`，`format` 为其他值答 422。
    """
    session = current_session()
    data, mimetype, disposition = documents.proposal_form(
        session,
        proposal_id,
        actor=current_actor(session),
        format=args["format"],
        now=current_clock().now(),
    )
    return Response(data, mimetype=mimetype, headers={"Content-Disposition": disposition})


class VerificationSchema(Schema):
    signed = fields.Boolean(required=True, metadata={"description": "是否带有电子签章"})
    intact = fields.Boolean(
        allow_none=True, required=True, metadata={"description": "签章后文件是否未被改动"}
    )
    signer = fields.String(allow_none=True, required=True, metadata={"description": "签章证书名称"})
    signed_at = fields.DateTime(allow_none=True, required=True)
    reason = fields.String(allow_none=True, metadata={"description": "未签章的原因"})


@blp.route("/documents/<int:document_id>/verification", methods=["GET"])
@blp.response(200, VerificationSchema)
def verification(document_id: int):
    """查验公文的电子签章：是否签章、是否完好、签章人和签章时间

    能读该公文的用户均可查验。`intact` 为 `false` 表示签章后文件被改动过；未签章时 `intact`、
    `signer`、`signed_at` 为 `null`，`reason` 说明原因。
    """
    session = current_session()
    return documents.verification(session, document_id, actor=current_actor(session))


@blp.route("/documents/<int:document_id>/regenerate", methods=["POST"])
@blp.response(201, DocumentSchema)
def regenerate(document_id: int):
    """重新生成公文（提案委员会）

    用同一份快照生成新版本，答 201；新公文的 `supersedes_id` 指向原公文，原 PDF 保持不变。
    新公文生成前为 `pending`。
    """
    now = current_clock().now()
    with unit_of_work() as session:
        document = documents.regenerate(session, document_id, actor=current_actor(session), now=now)
        return present(document, session.info["settings"].zone)
