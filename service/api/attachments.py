"""JSON API for attachments (附件): uploading a file to a proposal or an assignment, listing
them, and downloading one under its original name."""

from __future__ import annotations

from flask import Response, request
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from service.api.auth import current_actor
from service.clock import current_clock
from service.db import current_session, unit_of_work
from service.documents.uploads import ACCEPTED, MAX_SIZE, UPLOAD_LIMIT, read_upload
from service.input_guard import accepts_uploads
from service.operations import attachments
from service.vocabulary import ATTACHMENT_KINDS

blp = Blueprint(
    "attachments",
    __name__,
    url_prefix="/api/v1",
    description="附件：材料、盖章答复件、协商纪要、落实佐证",
)
# The file plus the multipart envelope and the two small fields around it.
KINDS = "、".join(f"`{code}` {label}" for code, label in ATTACHMENT_KINDS.items())
UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "文件：PDF、OFD、Word（.docx）、Excel（.xlsx）、PNG 或 "
                            "JPEG，不超过 20 MB",
                        },
                        "kind": {
                            "type": "string",
                            "enum": list(ATTACHMENT_KINDS),
                            "default": "material",
                            "description": f"附件类别：{KINDS}",
                        },
                        "assignment_id": {
                            "type": "integer",
                            "minimum": 1,
                            "description": "归属的交办记录（承办单位上传时可省略，即本单位的）",
                        },
                    },
                }
            }
        },
    }
}
DOWNLOAD_ANSWER = {
    "responses": {
        "200": {
            "description": "文件内容，`Content-Disposition` 带原始文件名",
            "content": {
                mime: {"schema": {"type": "string", "format": "binary"}} for mime in ACCEPTED
            },
        }
    }
}


class AttachmentSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True, metadata={"description": "上传时的原始文件名"})
    size = fields.Integer(required=True, metadata={"description": "字节数"})
    sha256 = fields.String(required=True)
    content_type = fields.String(required=True, metadata={"description": "按文件内容识别的类型"})
    kind = fields.String(required=True)
    kind_label = fields.String(required=True)
    assignment_id = fields.Integer(allow_none=True, required=True)
    unit_name = fields.String(allow_none=True, metadata={"description": "所归属的承办单位"})
    uploaded_by = fields.String(required=True, metadata={"description": "上传人的用户名"})
    created_at = fields.DateTime(required=True)


@blp.route("/proposals/<int:proposal_id>/attachments", methods=["POST"])
@accepts_uploads(UPLOAD_LIMIT)
@blp.response(201, AttachmentSchema)
@blp.doc(**UPLOAD_BODY)
def upload(proposal_id: int):
    """上传附件（`multipart/form-data`）

    提案人在草稿或退回修改时可上传附件材料；承办单位上传到本单位的交办记录；提案委员会随时可传。
    文件类型按内容识别，不是所列类型答 415，超过 20 MB 答 413。成功答 201。
    """
    now = current_clock().now()
    sent = request.files.get("file")
    form = {key: value for key, value in request.form.items()}
    with unit_of_work() as session:
        attachment = attachments.upload_attachment(
            session,
            proposal_id,
            actor=current_actor(session),
            upload=attachments.Upload(sent.filename or "", sent.stream.read(MAX_SIZE + 1))
            if sent
            else None,
            fields=form,
            now=now,
        )
        return attachments.present(attachment, session.info["settings"].zone)


@blp.route("/proposals/<int:proposal_id>/attachments", methods=["GET"])
@blp.response(200, AttachmentSchema(many=True))
def list_attachments(proposal_id: int):
    """提案的附件：当前用户可读的，按上传先后，不分页

    归属某承办单位的附件，其他承办单位看不到；提案人在该单位的答复可见后才能看到。
    """
    session = current_session()
    zone = session.info["settings"].zone
    rows = attachments.attachments_of(session, proposal_id, actor=current_actor(session))
    return [attachments.present(a, zone) for a in rows]


@blp.route("/attachments/<int:attachment_id>", methods=["GET"])
@blp.doc(**DOWNLOAD_ANSWER)
def download(attachment_id: int):
    """下载附件

    答文件本身，`Content-Disposition` 带原始中文文件名（`RFC 5987` 编码），
    响应头 `ETag` 为 `SHA-256` 值。
    """
    session = current_session()
    found = attachments.readable_attachment(session, attachment_id, actor=current_actor(session))
    return Response(
        read_upload(session, found),
        mimetype=found.content_type,
        headers={
            "Content-Disposition": attachments.content_disposition(found),
            "ETag": found.sha256,
        },
    )
