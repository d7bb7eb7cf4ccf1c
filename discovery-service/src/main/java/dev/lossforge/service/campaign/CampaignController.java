package dev.lossforge.service.campaign;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import dev.lossforge.service.web.FieldError;
import dev.lossforge.service.web.InvalidRequestException;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

@RestController
class CampaignController {

    private final CampaignService service;
    private final CampaignRepository campaigns;

    CampaignController(CampaignService service, CampaignRepository campaigns) {
        this.service = service;
        this.campaigns = campaigns;
    }

    /** A page of campaigns, newest first. */
    record CampaignPage(long total, int limit, int offset, List<CampaignView> campaigns) {
    }

    @Operation(summary = "Launch a campaign",
            description = "Baselines (dpo always among them) are evaluated first on the campaign's seeds; then the "
                    + "proposer adds up to maxCandidates candidates while workers train them.")
    @PostMapping("/api/campaigns")
    ResponseEntity<CampaignView> create(@RequestBody CreateCampaignRequest request) {
        CampaignView view = service.create(request);
        return ResponseEntity.created(URI.create("/api/campaigns/" + view.id())).body(view);
    }

    @Operation(summary = "Campaigns, newest first")
    @GetMapping("/api/campaigns")
    CampaignPage list(@RequestParam(defaultValue = "50") int limit, @RequestParam(defaultValue = "0") int offset) {
        List<FieldError> errors = new ArrayList<>();
        if (limit < 1 || limit > 500) {
            errors.add(new FieldError("limit", "limit must be 1..500, got " + limit));
        }
        if (offset < 0) {
            errors.add(new FieldError("offset", "offset must be at least 0, got " + offset));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new CampaignPage(campaigns.count(), limit, offset,
                campaigns.list(limit, offset).stream().map(service::view).toList());
    }

    @Operation(summary = "A campaign: status, counts by candidate status, best so far, budget used")
    @GetMapping("/api/campaigns/{id}")
    CampaignView get(@PathVariable long id) {
        return service.view(id);
    }

    @Operation(summary = "Pause: no new job starts; leased ones finish")
    @PostMapping("/api/campaigns/{id}/pause")
    CampaignView pause(@PathVariable long id) {
        return service.pause(id);
    }

    @Operation(summary = "Resume a paused campaign")
    @PostMapping("/api/campaigns/{id}/resume")
    CampaignView resume(@PathVariable long id) {
        return service.resume(id);
    }

    @Operation(summary = "Cancel: queued jobs are dropped, running ones told to stop")
    @PostMapping("/api/campaigns/{id}/cancel")
    CampaignView cancel(@PathVariable long id) {
        return service.cancel(id);
    }
}
