"""Knowledge-sharing pages under /o/<slug>/community/."""

from django.urls import path

from socialu.community import views

urlpatterns = [
    path("community/", views.tips, name="community_tips"),
    path("community/tips/new/", views.tip_new, name="community_tip_new"),
    path("community/questions/", views.questions, name="community_questions"),
    path("community/questions/ask/", views.ask, name="community_ask"),
    path("community/questions/similar/", views.similar, name="community_similar"),
    path("community/gallery/", views.gallery, name="community_gallery"),
    path("community/gallery/suggest/", views.gallery_new, name="community_gallery_new"),
    path("community/search/", views.search, name="community_search"),
    path("community/posts/<int:post_id>/", views.post_detail, name="community_post"),
    path("community/posts/<int:post_id>/reply/", views.reply, name="community_reply"),
    path("community/posts/<int:post_id>/act/", views.post_action, name="community_post_action"),
    path("community/posts/<int:post_id>/moderate/", views.moderate, name="community_moderate"),
    path("community/moderation/", views.moderation, name="community_moderation"),
    path("community/moderation/decisions.csv", views.decisions_csv, name="community_decisions_csv"),
    path("community/notifications/", views.notifications, name="community_notifications"),
]
