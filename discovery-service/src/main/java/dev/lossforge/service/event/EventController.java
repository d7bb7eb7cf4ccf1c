package dev.lossforge.service.event;

import dev.lossforge.service.campaign.CampaignRepository;
import dev.lossforge.service.web.InvalidRequestException;
import dev.lossforge.service.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
class EventController {

    private final EventStreams streams;
    private final CampaignRepository campaigns;

    EventController(EventStreams streams, CampaignRepository campaigns) {
        this.streams = streams;
        this.campaigns = campaigns;
    }

    @Operation(summary = "Server-sent events of a campaign",
            description = "Events after Last-Event-ID (header) or lastEventId (query), then live: campaign.created, "
                    + "campaign.status, campaign.phase, candidate.proposed, candidate.validated, candidate.started, "
                    + "candidate.progress, candidate.finished, job.finished, job.retried. Each SSE id is the event's "
                    + "id in the persisted log.")
    @GetMapping(path = "/api/campaigns/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@PathVariable long id,
                      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventIdHeader,
                      @RequestParam(name = "lastEventId", required = false) Long lastEventIdParam) {
        campaigns.find(id).orElseThrow(() -> new NotFoundException("campaign", id));
        long after = 0;
        if (lastEventIdHeader != null && !lastEventIdHeader.isBlank()) {
            try {
                after = Long.parseLong(lastEventIdHeader.trim());
            } catch (NumberFormatException e) {
                throw new InvalidRequestException("Last-Event-ID", "must be an event id, got '" + lastEventIdHeader + "'");
            }
        } else if (lastEventIdParam != null) {
            after = lastEventIdParam;
        }
        return streams.subscribe(id, after);
    }
}
