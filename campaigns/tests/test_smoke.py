def test_home_lists_campaign_for_staff(client, staff, campaign):
    client.force_login(staff)
    response = client.get("/")
    assert response.status_code == 200
    assert campaign.name in response.content.decode()
