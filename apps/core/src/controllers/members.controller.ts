import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUserId, UserRoute } from '../auth/user-route';
import { ApiProblems } from '../common/api-docs';
import { InvitationParams, MemberParams, StudioParams } from '../dtos/common.dto';
import {
  AddMemberDto,
  AddMemberResultDto,
  ChangeRoleDto,
  InvitationListDto,
  MemberDto,
  MemberListDto,
} from '../dtos/studio.dto';
import { MembersService } from '../services/members.service';

@ApiTags('members')
@Controller('studios/:studioId')
@UserRoute()
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Get('members')
  @ApiOperation({ summary: 'Members of the studio' })
  @ApiOkResponse({ type: MemberListDto })
  @ApiProblems(404)
  async list(@CurrentUserId() userId: string, @Param() p: StudioParams): Promise<MemberListDto> {
    return { items: await this.members.list(p.studioId, userId) };
  }

  @Post('members')
  @ApiOperation({
    summary:
      'Add a member by email (owner): a signed-up user joins now, anyone else is invited and joins on first sign-in',
  })
  @ApiCreatedResponse({ type: AddMemberResultDto })
  @ApiProblems(400, 403, 404, 409)
  add(
    @CurrentUserId() userId: string,
    @Param() p: StudioParams,
    @Body() body: AddMemberDto,
  ): Promise<AddMemberResultDto> {
    return this.members.add(p.studioId, userId, body.email, body.role);
  }

  @Patch('members/:userId')
  @ApiOperation({ summary: "Change a member's role (owner); the last owner cannot be demoted (LAST_OWNER)" })
  @ApiOkResponse({ type: MemberDto })
  @ApiProblems(400, 403, 404, 409)
  changeRole(
    @CurrentUserId() actorId: string,
    @Param() p: MemberParams,
    @Body() body: ChangeRoleDto,
  ): Promise<MemberDto> {
    return this.members.changeRole(p.studioId, actorId, p.userId, body.role);
  }

  @Delete('members/:userId')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove a member (owner), or leave the studio (yourself); the last owner stays (LAST_OWNER)',
  })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblems(403, 404, 409)
  async remove(@CurrentUserId() actorId: string, @Param() p: MemberParams): Promise<void> {
    await this.members.remove(p.studioId, actorId, p.userId);
  }

  @Get('invitations')
  @ApiOperation({ summary: 'Pending invitations of the studio' })
  @ApiOkResponse({ type: InvitationListDto })
  @ApiProblems(404)
  async listInvitations(
    @CurrentUserId() userId: string,
    @Param() p: StudioParams,
  ): Promise<InvitationListDto> {
    return { items: await this.members.listInvitations(p.studioId, userId) };
  }

  @Delete('invitations/:invitationId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Withdraw a pending invitation (owner)' })
  @ApiNoContentResponse({ description: 'Withdrawn' })
  @ApiProblems(403, 404)
  async revokeInvitation(@CurrentUserId() userId: string, @Param() p: InvitationParams): Promise<void> {
    await this.members.revokeInvitation(p.studioId, userId, p.invitationId);
  }
}
