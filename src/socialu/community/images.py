"""Images people upload with a post: checked by type and size, stored under a name SocialU makes safe."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass

from django.utils.text import get_valid_filename, slugify
from PIL import Image, UnidentifiedImageError

MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
MAX_IMAGES_PER_POST = 4
# What Pillow finds in the file (never the name or the browser's word) decides the type.
FORMATS: dict[str, tuple[str, str]] = {
    "PNG": ("image/png", "png"),
    "JPEG": ("image/jpeg", "jpg"),
    "GIF": ("image/gif", "gif"),
    "WEBP": ("image/webp", "webp"),
}


@dataclass(frozen=True)
class ImageUpload:
    """An image as it arrived: the name the person's computer gave it, its bytes and its description."""

    name: str
    content: bytes
    alt_text: str = ""


@dataclass(frozen=True)
class CheckedImage:
    """An image that passed the checks, with the safe name it will be stored under."""

    original_name: str
    safe_name: str
    content: bytes
    content_type: str
    width: int
    height: int
    alt_text: str


def safe_original_name(name: str) -> str:
    """Return the last part of *name* with no path, no control characters and at most 200 characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(character for character in base if character.isprintable()).strip()
    return base[:200] or "image"


def image_check(upload: ImageUpload) -> CheckedImage | str:
    """Return the checked image, or a message saying why it cannot be used."""
    shown = safe_original_name(upload.name)
    if len(upload.content) > MAX_IMAGE_BYTES:
        size = len(upload.content) / 1024 / 1024
        return f"“{shown}” is {size:.1f} MB; images can be at most 2 MB. Make it smaller and add it again."
    try:
        with Image.open(io.BytesIO(upload.content)) as image:
            image_format = image.format or ""
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                return f"“{shown}” is {width}×{height} pixels, too large to show. Make it smaller and add it again."
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return f"“{shown}” is not an image SocialU can show. Use a PNG, JPEG, GIF or WebP file."
    if image_format not in FORMATS:
        return f"“{shown}” is a {image_format or 'unknown'} image. Use a PNG, JPEG, GIF or WebP file."
    content_type, extension = FORMATS[image_format]
    stem = slugify(shown.rsplit(".", 1)[0])[:60] or "image"
    safe_name = get_valid_filename(f"{uuid.uuid4().hex[:12]}-{stem}.{extension}")
    alt_text = " ".join(upload.alt_text.split())[:300]
    return CheckedImage(
        original_name=shown,
        safe_name=safe_name,
        content=upload.content,
        content_type=content_type,
        width=width,
        height=height,
        alt_text=alt_text,
    )
